package io.iomt.sdk.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code iomt} command; each subcommand is one task. */
@Command(name = "iomt", mixinStandardHelpOptions = true, version = "iomt 0.1.0-SNAPSHOT",
        description = "Runs the IoMT SDK's monitoring pipeline from the command line.",
        subcommands = {DemoCommand.class})
public final class IomtCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new IomtCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
