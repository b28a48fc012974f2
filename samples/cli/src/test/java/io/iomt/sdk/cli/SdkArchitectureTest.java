package io.iomt.sdk.cli;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps internal types out of the public API of every published module on this classpath. */
class SdkArchitectureTest {

    private static final JavaClasses SDK = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Only the SDK's own jars and class folders; scanning every library jar is slow.
            .withImportOption(location -> location.contains("iomt-sdk") || location.contains("/classes/"))
            .importPackages("io.iomt.sdk");

    @Test
    void publicSignaturesExposeNoInternalType() {
        ArchRuleDefinition.members()
                .that().areDeclaredInClassesThat().resideOutsideOfPackage("..internal..")
                .and().arePublic()
                .should(new ArchCondition<JavaMember>("expose no type from an internal package") {
                    @Override
                    public void check(JavaMember member, ConditionEvents events) {
                        if (!member.getOwner().getModifiers().contains(JavaModifier.PUBLIC)) {
                            return;
                        }
                        for (JavaClass type : signatureTypes(member)) {
                            JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
                            if (base.getPackageName().contains(".internal")) {
                                events.add(SimpleConditionEvent.violated(member,
                                        member.getFullName() + " exposes internal type " + base.getName()));
                            }
                        }
                    }
                })
                .check(SDK);
    }

    private static List<JavaClass> signatureTypes(JavaMember member) {
        List<JavaClass> types = new ArrayList<>();
        if (member instanceof JavaMethod method) {
            types.add(method.getRawReturnType());
        }
        if (member instanceof JavaCodeUnit codeUnit) {
            types.addAll(codeUnit.getRawParameterTypes());
        }
        if (member instanceof JavaField field) {
            types.add(field.getRawType());
        }
        return types;
    }
}
