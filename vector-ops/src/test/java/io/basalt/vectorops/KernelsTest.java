package io.basalt.vectorops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class KernelsTest {
    @Test
    void modesResolveToBackends() {
        assertThat(Kernels.forMode(ExecutionMode.SCALAR).mode()).isEqualTo(ExecutionMode.SCALAR);
        // Tests run with the Vector API module, so AUTO and SIMD pick SIMD here.
        assertThat(VectorSupport.isAvailable()).as(VectorSupport.unavailabilityCause()).isTrue();
        assertThat(Kernels.forMode(ExecutionMode.SIMD).mode()).isEqualTo(ExecutionMode.SIMD);
        assertThat(Kernels.forMode(ExecutionMode.AUTO).mode()).isEqualTo(ExecutionMode.SIMD);
        assertThatThrownBy(() -> Kernels.forMode(ExecutionMode.GPU)).hasMessageContaining("gpu has no backend");
        assertThat(ExecutionMode.parse(" Simd ")).isEqualTo(ExecutionMode.SIMD);
        assertThatThrownBy(() -> ExecutionMode.parse("fast")).hasMessageContaining("Unknown execution mode 'fast'");
        for (ExecutionMode m : List.of(ExecutionMode.SCALAR, ExecutionMode.SIMD)) {
            Kernels k = Kernels.forMode(m);
            assertThat(List.of(k.filter(), k.arithmetic(), k.hash(), k.aggregation(), k.join(), k.sort(), k.gather())).doesNotContainNull();
        }
    }

    /** Main class for the fallback test: run in a JVM without jdk.incubator.vector. */
    public static final class AutoProbe {
        public static void main(String[] args) {
            Kernels kernels = Kernels.forMode(ExecutionMode.AUTO);
            System.out.println("mode=" + kernels.mode());
            System.out.println("cause=" + VectorSupport.unavailabilityCause());
            try {
                Kernels.forMode(ExecutionMode.SIMD);
                System.out.println("simd=allowed");
            } catch (UnsupportedOperationException e) {
                System.out.println("simd=" + e.getMessage());
            }
        }
    }

    @Test
    void autoFallsBackToScalarWithoutTheVectorModule() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), AutoProbe.class.getName())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("mode=SCALAR", "cause=the JVM was started without --add-modules jdk.incubator.vector",
                "simd=Execution mode simd is not available");
    }
}
