package io.iomt.sdk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps core free of provider and storage libraries, and internal types out of the API. */
class ArchitectureTest {

    private static JavaClasses core;

    @BeforeAll
    static void importCore() throws Exception {
        // Only the core module's own class folder: scanning the packages across every jar is slow.
        java.nio.file.Path classes = java.nio.file.Path.of(
                TokenManager.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(classes);
    }

    @Test
    void coreUsesNoHttpJsonOrAwsTypes() {
        noClasses().that().resideInAPackage("io.iomt.sdk..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "okhttp3..", "okio..", "com.fasterxml.jackson..", "software.amazon..", "com.amazonaws..")
                .because("the core module may depend only on the JDK, SLF4J and Caffeine")
                .check(core);
    }

    @Test
    void publicSignaturesExposeNoInternalType() {
        ArchRuleDefinition.members().that().areDeclaredInClassesThat().resideOutsideOfPackage("..internal..")
                .and().arePublic()
                .should(exposeNoInternalType())
                .allowEmptyShould(true)
                .check(core);
    }

    @Test
    void apiDoesNotExtendInternalTypes() {
        ArchRuleDefinition.classes().that().resideOutsideOfPackage("..internal..").and().arePublic()
                .should(new ArchCondition<JavaClass>("not extend or implement an internal type") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        type.getRawSuperclass().ifPresent(superclass -> reportIfInternal(type, superclass, events));
                        type.getRawInterfaces().forEach(iface -> reportIfInternal(type, iface, events));
                    }
                })
                .allowEmptyShould(true)
                .check(core);
    }

    private static void reportIfInternal(JavaClass type, JavaClass parent, ConditionEvents events) {
        if (parent.getPackageName().contains(".internal")) {
            events.add(SimpleConditionEvent.violated(type, type.getName() + " extends internal " + parent.getName()));
        }
    }

    /** Fails when a public member's parameter, return or field type lies in an internal package. */
    static ArchCondition<JavaMember> exposeNoInternalType() {
        return new ArchCondition<>("expose no type from an internal package") {
            @Override
            public void check(JavaMember member, ConditionEvents events) {
                if (member.getOwner().getModifiers().contains(JavaModifier.PUBLIC)) {
                    checkSignature(member, events);
                }
            }
        };
    }

    private static void checkSignature(JavaMember member, ConditionEvents events) {
        java.util.List<JavaClass> types = new java.util.ArrayList<>();
        if (member instanceof JavaMethod method) {
            types.add(method.getRawReturnType());
            types.addAll(method.getRawParameterTypes());
        } else if (member instanceof com.tngtech.archunit.core.domain.JavaConstructor constructor) {
            types.addAll(constructor.getRawParameterTypes());
        } else if (member instanceof com.tngtech.archunit.core.domain.JavaField field) {
            types.add(field.getRawType());
        }
        for (JavaClass type : types) {
            JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
            if (base.getPackageName().contains(".internal")) {
                events.add(SimpleConditionEvent.violated(member,
                        member.getFullName() + " exposes internal type " + base.getName()));
            }
        }
    }
}
