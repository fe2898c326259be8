package io.basalt.runtime.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code basalt} command line, started by {@code bin/basalt}: the top-level command and entry
 * point. Each invocation parses and runs on the calling thread; {@link #newCommandLine()} builds a
 * fresh, configured parser per invocation.
 */
@Command(name = "basalt", mixinStandardHelpOptions = true, versionProvider = BasaltCli.ShortVersion.class,
        description = "Basalt: a columnar data-processing engine for the JVM.",
        subcommands = {VersionCommand.class, RunCommand.class, CommandLine.HelpCommand.class})
public final class BasaltCli implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** A parser for one invocation; set its out and err writers to capture output. */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new BasaltCli());
        // Options the run command does not know, such as --rows, belong to the example and pass through.
        cli.getSubcommands().get("run").setUnmatchedOptionsArePositionalParams(true);
        return cli;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: try 'basalt version' or 'basalt run --list'");
    }

    /** Answers {@code basalt --version} with the one-line version; {@code basalt version} says more. */
    static final class ShortVersion implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Basalt " + VersionCommand.basaltVersion()};
        }
    }
}
