package io.iomt.sdk.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the deployment jar's worker once in a new JVM, as Lambda would start it, with class-load
 * logging, and returns its output and the classes it loaded in order. Used by the class-load test
 * and by the tool that writes the worker's class list.
 */
final class ChildWorker {

    /** The template's JAVA_TOOL_OPTIONS flags. */
    static final List<String> TEMPLATE_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    private ChildWorker() {
    }

    /** One class as {@code -Xlog:class+load} reported it. */
    record LoadedClass(String name, String source) {

        /**
         * Returns whether a class list can name it: a class of the deployment jar or of the JDK,
         * as opposed to a hidden class such as a lambda body, which has no name to load it by. The
         * JDK's class data archive contains some hidden classes too, whose names contain a slash.
         */
        boolean nameable() {
            boolean fromFile = source.startsWith("jrt:/") || source.startsWith("shared objects file") || source.startsWith("file:");
            return fromFile && name.indexOf('/') < 0;
        }

        boolean fromJar() {
            return source.startsWith("file:");
        }
    }

    /** The output of one run and the classes it loaded, in order. */
    record Run(String output, int exitStatus, List<LoadedClass> classes) {

        /**
         * Returns the nameable classes loaded from the handler class on, up to the end of the
         * event: what a class list of this run contains.
         */
        List<String> classListNames() {
            Set<String> names = new LinkedHashSet<>();
            boolean started = false;
            for (LoadedClass loaded : classes) {
                started = started || loaded.name().equals(SyncWorkerHandler.class.getName());
                if (started && loaded.nameable()) {
                    names.add(loaded.name());
                }
            }
            return List.copyOf(names);
        }

        String tail() {
            return output.length() <= 4_000 ? output : output.substring(output.length() - 4_000);
        }
    }

    /**
     * Runs the worker of {@code jar} on {@code message} with {@code environment} plus
     * {@code extraEnvironment}, and {@code extraFlags} after the template's flags.
     */
    static Run run(Path jar, Map<String, String> environment, Map<String, String> extraEnvironment,
            List<String> extraFlags, String message) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(TEMPLATE_FLAGS);
        command.add("-Xlog:class+load=info:stdout:none");
        command.addAll(extraFlags);
        command.addAll(List.of("-cp", jar.toString(), LocalInvoke.class.getName(), "worker", message));

        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().putAll(extraEnvironment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("The worker did not finish within 120 s");
        }
        return new Run(output, process.exitValue(), parse(output));
    }

    /** Returns the classes loaded before {@link LocalInvoke} printed the end of the event. */
    private static List<LoadedClass> parse(String output) {
        List<LoadedClass> classes = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("first-event-ms=")) {
                break;
            }
            int source = line.indexOf(" source: ");
            int space = line.indexOf(' ');
            if (source > 0 && space == source) {
                classes.add(new LoadedClass(line.substring(0, space), line.substring(source + " source: ".length()).strip()));
            }
        }
        return classes;
    }
}
