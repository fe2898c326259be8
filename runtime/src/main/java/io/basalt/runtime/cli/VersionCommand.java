package io.basalt.runtime.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;

import jdk.incubator.vector.VectorShape;

import io.basalt.memory.ByteSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code basalt version}: the Basalt version and what this JVM offers the engine (Java, platform,
 * Vector API, native access), for bug reports and for checking a deployment. Runs on the calling thread.
 */
@Command(name = "version", description = "Prints the Basalt, Java and platform versions and whether the Vector API and native access are available.")
final class VersionCommand implements Callable<Integer> {
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Runtime runtime = Runtime.getRuntime();
        out.printf(Locale.ROOT, "Basalt          %s%n", basaltVersion());
        out.printf(Locale.ROOT, "Java            %s (%s, %s)%n", Runtime.version(),
                System.getProperty("java.vendor"), System.getProperty("java.vm.name"));
        out.printf(Locale.ROOT, "Java home       %s%n", System.getProperty("java.home"));
        out.printf(Locale.ROOT, "OS              %s %s (%s)%n", System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"));
        out.printf(Locale.ROOT, "Processors      %d available%n", runtime.availableProcessors());
        out.printf(Locale.ROOT, "Max heap        %s%n", ByteSize.format(runtime.maxMemory()));
        out.printf(Locale.ROOT, "Vector API      %s%n", vectorApi());
        out.printf(Locale.ROOT, "Native access   %s%n", nativeAccess());
        out.flush();
        return 0;
    }

    /** The version the build filtered into version.properties, or "dev" when running from unfiltered sources. */
    static String basaltVersion() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // A damaged resource is no reason to fail 'version'; report the fallback instead.
        }
        return "dev";
    }

    private static String vectorApi() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return "not available: start the JVM with --add-modules=" + VECTOR_MODULE + " (bin/basalt does); SIMD kernels fall back to scalar code";
        }
        return VECTOR_MODULE + " present, preferred vector size " + PreferredShape.bits() + " bits";
    }

    private static String nativeAccess() {
        Module module = VersionCommand.class.getModule();
        String who = module.isNamed() ? "module " + module.getName() : "the class path";
        if (module.isNativeAccessEnabled()) {
            return "enabled for " + who;
        }
        return "not enabled for " + who + ": start the JVM with --enable-native-access="
                + (module.isNamed() ? module.getName() : "ALL-UNNAMED") + " (bin/basalt does); off-heap memory needs it";
    }

    /** Separate class so that the Vector API is only loaded after its module was found. */
    private static final class PreferredShape {
        static int bits() {
            return VectorShape.preferredShape().vectorBitSize();
        }
    }
}
