import org.jdvc.jukebox.serve.OnnxModel;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The floor under the server's latency (bench/jukebox.sh): one song scored by a direct ONNX Runtime call
 * ({@code OnnxModel.score}, the call the server makes), on one thread, in a loop. Prints
 * {@code raw_p50_us raw_p99_us raw_calls_s} after a warm-up.
 *
 * <p>Run with the jukebox class path: {@code java -cp "$jar:$lib/*" bench/JukeboxRawInfer.java model.onnx SECONDS}.
 */
public final class JukeboxRawInfer {
    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        float[] x = {1f, 0.28f, 0.91f, 0.47f, 0.09f, 0.76f, 1f, 0.08f, 0.01f, 0f, 0.13f, 0.22f, 0.43f};
        try (OnnxModel m = new OnnxModel(model)) {
            long warmEnd = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < warmEnd) {
                m.score(x, 1);
            }
            long[] samples = new long[20_000_000];
            int n = 0;
            long start = System.nanoTime(), end = start + (long) (seconds * 1e9);
            long now = start;
            while (now < end && n < samples.length) {
                long t0 = now;
                m.score(x, 1);
                now = System.nanoTime();
                samples[n++] = now - t0;
            }
            long[] s = Arrays.copyOf(samples, n);
            Arrays.sort(s);
            System.out.printf(Locale.ROOT, "%.1f %.1f %.0f%n", s[n / 2] / 1e3, s[(int) (n * 0.99)] / 1e3,
                    n / ((now - start) / 1e9));
        }
    }
}
