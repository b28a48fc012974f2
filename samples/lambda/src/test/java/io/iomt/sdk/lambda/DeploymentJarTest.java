package io.iomt.sdk.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Checks the deployment jar itself. Runs with the end-to-end and webhook tests in the
 * {@code deployment-jar-tests} execution after {@code package}, whose class path contains that jar
 * in place of the classes and their dependencies.
 */
class DeploymentJarTest {

    /** The maximum size of the deployment jar in bytes (15 MB in decimal units). */
    static final long MAX_BYTES = 15_000_000;

    private static final List<String> WEAK_OR_SOFT = List.of("weakKeys", "weakValues", "softValues");

    @Test
    void jarWithinSizeLimit() throws IOException {
        assertThat(Files.size(deploymentJar())).isLessThanOrEqualTo(MAX_BYTES);
    }

    @Test
    void classesComeFromDeploymentJar() throws Exception {
        assertThat(codeSource(SyncWorkerHandler.class)).isEqualTo(deploymentJar().toRealPath());
        assertThat(codeSource(Caffeine.class)).isEqualTo(deploymentJar().toRealPath());
    }

    /**
     * The shade filter drops Caffeine's generated classes for weak keys and weak or soft values.
     * That is safe only while no class in the jar names those builder methods.
     */
    @Test
    void noWeakOrSoftCaffeineCaches() throws IOException {
        List<String> callers = new ArrayList<>();
        try (JarFile jar = new JarFile(deploymentJar().toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (!entry.getName().endsWith(".class") || entry.getName().startsWith("com/github/benmanes/caffeine/")) {
                    continue;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                    if (constants.contains("com/github/benmanes/caffeine/cache/Caffeine")
                            && WEAK_OR_SOFT.stream().anyMatch(constants::contains)) {
                        callers.add(entry.getName());
                    }
                }
            }
        }
        assertThat(callers).isEmpty();
    }

    private static Path deploymentJar() {
        return Path.of(System.getProperty("iomt.deploy.jar", "target/iomt-lambda-deploy.jar"));
    }

    private static Path codeSource(Class<?> type) throws URISyntaxException, IOException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toRealPath();
    }
}
