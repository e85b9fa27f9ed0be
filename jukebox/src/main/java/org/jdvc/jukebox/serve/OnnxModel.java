package org.jdvc.jukebox.serve;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import org.jdvc.jukebox.JukeboxException;
import org.jdvc.jukebox.data.Feature;
import org.jdvc.jukebox.onnx.OnnxInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/**
 * An ONNX model file loaded into ONNX Runtime that scores songs. Two input layouts are understood: upstream's (13
 * float inputs {@code [N,1]} named after the features) and a single float input {@code [N,13]} (features in upstream
 * order, as older Keras exports take {@code dense_input}). Every float output is returned.
 *
 * <p>Thread-safe: ONNX Runtime sessions may run concurrently. Close it to free the native session.
 */
public final class OnnxModel implements AutoCloseable {

    /** One output tensor. */
    public record Output(String name, long[] shape, float[] data) {
    }

    /** A declared input or output: its name, datatype and shape (-1 for a symbolic size). */
    public record Signature(String name, String datatype, long[] shape) {
    }

    private final OrtEnvironment env;
    private final OrtSession session;
    private final boolean namedInputs;
    private final String matrixInput;
    private final List<Signature> inputs = new ArrayList<>(), outputs = new ArrayList<>();
    /**
     * Reusable one-song inputs ({@link OneSong}) not in use right now, and all that were made (to close them with the
     * model). A pool, not a thread-local: the server runs each request on a new virtual thread, and one per thread
     * would be made per request and never freed. There are at most as many as songs were scored at once.
     */
    private final ConcurrentLinkedQueue<OneSong> idleSongs = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<OneSong> oneSongs = new ConcurrentLinkedQueue<>();

    /**
     * Loads {@code file}.
     *
     * @throws JukeboxException naming the file when it is missing or not a model ONNX Runtime can load, or when its
     *     inputs are neither layout
     */
    public OnnxModel(Path file) {
        this(read(file), file.toString());
    }

    /**
     * Loads a model from its bytes; {@code origin} names it in errors (a file, or {@code model@v2:model/model.onnx}).
     *
     * @throws JukeboxException when ONNX Runtime cannot load it or its inputs are neither layout
     */
    public OnnxModel(byte[] bytes, String origin) {
        OnnxInfo.read(bytes, origin);
        env = environment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // NOTE: one thread per run: the model is tiny, and the server's threads already run requests in parallel.
            options.setIntraOpNumThreads(1);
            session = env.createSession(bytes, options);
        } catch (OrtException e) {
            throw new JukeboxException(origin + ": not a model ONNX Runtime can load ("
                    + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        try {
            Map<String, NodeInfo> in = session.getInputInfo();
            for (NodeInfo info : in.values()) {
                inputs.add(signature(info));
            }
            for (NodeInfo info : session.getOutputInfo().values()) {
                outputs.add(signature(info));
            }
            namedInputs = in.keySet().containsAll(Feature.names()) && in.size() == Feature.COUNT;
            matrixInput = !namedInputs && in.size() == 1 && lastDim(inputs.getFirst()) == Feature.COUNT
                    ? inputs.getFirst().name() : null;
            if (!namedInputs && matrixInput == null) {
                throw new JukeboxException(origin + ": the model must take 13 inputs named after the features or "
                        + "one [N,13] float input; it takes " + in.keySet());
            }
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            throw e instanceof JukeboxException j ? j : new JukeboxException(origin + ": unreadable model ("
                    + e.getMessage() + ")", e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new JukeboxException("no such model file: " + file);
        } catch (IOException e) {
            throw new JukeboxException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException e) {
            // NOTE: the load already failed; that failure is the one to report
        }
    }

    /**
     * The process's ONNX Runtime environment, created on a thread with a large stack.
     *
     * <p>Why: creating it, ONNX Runtime 1.29 reads {@code /proc/self/cmdline} and recurses once per character (about
     * 250 bytes of native stack each). A JVM started with its class path spelled out on the command line (a pipeline
     * stage's {@code java -cp a.jar:b.jar:...}, ~4,000 characters) overflows the 1 MiB stack of {@code main} and dies
     * with SIGSEGV (exit 139) and no hs_err file, because the overflow happens in native code past the guard pages.
     * 64 MiB is only reserved address space; it covers command lines of ~250,000 characters.
     */
    static OrtEnvironment environment() {
        OrtEnvironment[] made = new OrtEnvironment[1];
        RuntimeException[] failed = new RuntimeException[1];
        Thread t = Thread.ofPlatform().name("ort-init").stackSize(64L << 20).unstarted(() -> {
            try {
                made[0] = OrtEnvironment.getEnvironment();
            } catch (RuntimeException e) {
                failed[0] = e; // NOTE: rethrown on the caller's thread (e.g. the native library failed to load)
            }
        });
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // NOTE: the environment is process-wide; finish making it, then re-interrupt
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        removeExtractedLibraries();
        return made[0];
    }

    /**
     * Deletes the copies of its native libraries that ONNX Runtime extracted for this process, now that they are
     * loaded (a mapped library outlives its file's name).
     *
     * <p>Why: ONNX Runtime 1.29 extracts them into a fresh {@code onnxruntime-java*} folder under
     * {@code java.io.tmpdir} and only marks the files and then the folder for deletion at exit; the JVM deletes in
     * reverse order, so the folder is tried while it still holds the files and stays behind, empty (and full when the
     * process is killed): one per process that scored a song. The folder is found in {@code /proc/self/maps}, so only
     * this process's own copies are touched. Best effort: without {@code /proc}, or on a failure, the files stay for
     * the exit hook.
     */
    static void removeExtractedLibraries() {
        Path maps = Path.of("/proc/self/maps");
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        Set<Path> folders = new LinkedHashSet<>();
        try (Stream<String> lines = Files.lines(maps)) {
            lines.forEach(line -> {
                int slash = line.indexOf('/');
                Path folder = slash < 0 ? null : Path.of(line.substring(slash).strip()).getParent();
                if (folder != null && tmp.equals(folder.getParent())
                        && folder.getFileName().toString().startsWith("onnxruntime-java")) {
                    folders.add(folder);
                }
            });
        } catch (IOException | RuntimeException e) {
            return;
        }
        for (Path folder : folders) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(folder);
            } catch (IOException e) {
                // NOTE: left to ONNX Runtime's exit hook, as before
            }
        }
    }

    /** How many reusable one-song inputs exist (for tests: as many as songs were ever scored at once). */
    int reusableInputs() {
        return oneSongs.size();
    }

    public List<Signature> inputs() {
        return List.copyOf(inputs);
    }

    public List<Signature> outputs() {
        return List.copyOf(outputs);
    }

    /**
     * Input tensors for a single song, reused from request to request (by one caller at a time): ONNX Runtime reads a
     * tensor made on a direct buffer in place, so writing the 13 values into the buffers is all a new song needs.
     * Creating 13 tensors per request (each a direct buffer and a native object) took about half the time of a
     * one-song run.
     */
    private static final class OneSong implements AutoCloseable {
        final FloatBuffer values;
        final Map<String, OnnxTensor> feeds = new LinkedHashMap<>();

        OneSong(OrtEnvironment env, boolean named, String matrixInput) throws OrtException {
            values = ByteBuffer.allocateDirect(Feature.COUNT * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            if (named) {
                for (Feature f : Feature.values()) {
                    feeds.put(f.column(), OnnxTensor.createTensor(env, values.slice(f.ordinal(), 1),
                            new long[] {1, 1}));
                }
            } else {
                feeds.put(matrixInput, OnnxTensor.createTensor(env, values, new long[] {1, Feature.COUNT}));
            }
        }

        @Override
        public void close() {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    /** Scores {@code n} songs of 13 (model-ready, i.e. scaled) features, row-major {@code [n][13]}. */
    public List<Output> score(float[] x, int n) throws OrtException {
        if (n == 1) {
            OneSong one = idleSongs.poll();
            if (one == null) {
                one = new OneSong(env, namedInputs, matrixInput);
                oneSongs.add(one);
            }
            try {
                one.values.put(0, x, 0, Feature.COUNT);
                return run(one.feeds);
            } finally {
                idleSongs.offer(one);
            }
        }
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
            if (namedInputs) {
                for (Feature f : Feature.values()) {
                    float[] column = new float[n];
                    for (int r = 0; r < n; r++) {
                        column[r] = x[r * Feature.COUNT + f.ordinal()];
                    }
                    feeds.put(f.column(), OnnxTensor.createTensor(env, FloatBuffer.wrap(column), new long[] {n, 1}));
                }
            } else {
                feeds.put(matrixInput, OnnxTensor.createTensor(env, FloatBuffer.wrap(x, 0, n * Feature.COUNT),
                        new long[] {n, Feature.COUNT}));
            }
            return run(feeds);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    private List<Output> run(Map<String, OnnxTensor> feeds) throws OrtException {
        List<Output> result = new ArrayList<>();
        try (OrtSession.Result r = session.run(feeds)) {
            for (Map.Entry<String, OnnxValue> e : r) {
                if (e.getValue() instanceof OnnxTensor t && t.getInfo().type == ai.onnxruntime.OnnxJavaType.FLOAT) {
                    FloatBuffer fb = t.getFloatBuffer();
                    float[] data = new float[fb.remaining()];
                    fb.get(data);
                    result.add(new Output(e.getKey(), t.getInfo().getShape(), data));
                }
            }
        }
        return result;
    }

    private static Signature signature(NodeInfo info) {
        if (info.getInfo() instanceof TensorInfo t) {
            String type = switch (t.type) {
                case FLOAT -> "FP32";
                case DOUBLE -> "FP64";
                case INT32 -> "INT32";
                case INT64 -> "INT64";
                case STRING -> "BYTES";
                default -> t.type.name();
            };
            return new Signature(info.getName(), type, t.getShape());
        }
        return new Signature(info.getName(), "UNKNOWN", new long[0]);
    }

    private static long lastDim(Signature s) {
        return s.shape().length == 0 ? -1 : s.shape()[s.shape().length - 1];
    }

    @Override
    public void close() throws OrtException {
        session.close();
        oneSongs.forEach(OneSong::close);
    }

    static Map<String, Integer> featureIndex() {
        Map<String, Integer> m = new HashMap<>();
        for (Feature f : Feature.values()) {
            m.put(f.column(), f.ordinal());
        }
        return m;
    }
}
