package org.jdvc.jukebox.onnx;

import org.jdvc.jukebox.data.Feature;
import org.jdvc.jukebox.train.Mlp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes an {@link Mlp} as an ONNX model that any ONNX runtime (ONNX Runtime, KServe, OpenVINO Model Server) can
 * serve with upstream's interface: 13 float32 inputs {@code [N,1]} named after the features (upstream order), an
 * output {@code output} {@code [N,72]} of sigmoid scores.
 *
 * <p>Graph: {@code Concat(axis=1)} of the inputs, then per layer {@code MatMul} + {@code Add} (+ {@code Relu} for
 * hidden layers), then {@code Sigmoid}. Opset 13, IR version 7 (readable by ONNX Runtime 1.8 and later). The
 * protobuf is encoded by hand ({@link Protobuf}): the few messages needed do not justify a protobuf dependency.
 * Field numbers are those of onnx.proto.
 */
public final class OnnxExport {
    /** The output's name, as upstream's model names it. */
    public static final String OUTPUT = "output";
    private static final int FLOAT = 1, ATTRIBUTE_INT = 2, OPSET = 13, IR_VERSION = 7;

    private OnnxExport() {
    }

    /** Writes {@code mlp} to {@code file} (through a temporary sibling, renamed into place). */
    public static void write(Mlp mlp, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, encode(mlp));
            // NOTE: temp files are created owner-only; a model is meant to be read by servers running as others.
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The ONNX ModelProto bytes of {@code mlp}. */
    public static byte[] encode(Mlp mlp) {
        int[] sizes = mlp.sizes();
        if (sizes[0] != Feature.COUNT) {
            throw new IllegalArgumentException("the network must take the " + Feature.COUNT + " features");
        }
        Protobuf graph = new Protobuf();
        Protobuf concat = node("Concat", "concat", Feature.names().toArray(String[]::new), "features");
        concat.message(5, new Protobuf().string(1, "axis").varint(20, ATTRIBUTE_INT).varint(3, 1));
        graph.message(1, concat);
        String x = "features";
        for (int l = 0; l < mlp.layers(); l++) {
            boolean last = l == mlp.layers() - 1;
            String w = "dense_" + l + "/kernel", b = "dense_" + l + "/bias";
            graph.message(1, node("MatMul", "matmul_" + l, new String[] {x, w}, "matmul_" + l));
            String added = last ? "logits" : "add_" + l;
            graph.message(1, node("Add", "add_" + l, new String[] {"matmul_" + l, b}, added));
            String next = last ? OUTPUT : "relu_" + l;
            graph.message(1, node(last ? "Sigmoid" : "Relu", last ? "sigmoid" : "relu_" + l, new String[] {added},
                    next));
            x = next;
        }
        graph.string(2, "jukebox");
        for (int l = 0; l < mlp.layers(); l++) {
            graph.message(5, tensor("dense_" + l + "/kernel", new long[] {sizes[l], sizes[l + 1]}, mlp.weights(l)));
            graph.message(5, tensor("dense_" + l + "/bias", new long[] {sizes[l + 1]}, mlp.biases(l)));
        }
        for (String name : Feature.names()) {
            graph.message(11, valueInfo(name, 1));
        }
        graph.message(12, valueInfo(OUTPUT, sizes[sizes.length - 1]));
        return new Protobuf()
                .varint(1, IR_VERSION)
                .string(2, "jukebox")
                .string(3, "0.1")
                .message(7, graph)
                .message(8, new Protobuf().string(1, "").varint(2, OPSET))
                .toByteArray();
    }

    private static Protobuf node(String op, String name, String[] inputs, String output) {
        Protobuf node = new Protobuf();
        for (String in : inputs) {
            node.string(1, in);
        }
        return node.string(2, output).string(3, name).string(4, op);
    }

    private static Protobuf tensor(String name, long[] dims, float[] values) {
        Protobuf t = new Protobuf();
        for (long d : dims) {
            t.varint(1, d);
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return t.varint(2, FLOAT).string(8, name).bytes(9, raw.array());
    }

    /** A float tensor {@code [N, width]} with a symbolic batch dimension. */
    private static Protobuf valueInfo(String name, int width) {
        Protobuf shape = new Protobuf()
                .message(1, new Protobuf().string(2, "N"))
                .message(1, new Protobuf().varint(1, width));
        Protobuf tensorType = new Protobuf().varint(1, FLOAT).message(2, shape);
        return new Protobuf().string(1, name).message(2, new Protobuf().message(1, tensorType));
    }
}
