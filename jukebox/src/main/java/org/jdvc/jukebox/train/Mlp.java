package org.jdvc.jukebox.train;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A dense network: ReLU hidden layers and sigmoid outputs, float32 like the ONNX graph it is exported as.
 *
 * <p>Layer {@code l} maps {@code sizes[l]} inputs to {@code sizes[l+1]} outputs: {@code y = x W + b} with {@code W}
 * stored row-major {@code [in][out]} (the layout of ONNX MatMul's second input). Forward passes do not change the
 * network and may run concurrently; {@link #update} (the optimiser's step) must not run while others read.
 */
public final class Mlp {
    private final int[] sizes;
    final float[][] weights;
    final float[][] biases;

    /** A network with He-initialised weights (uniform, seeded) and zero biases. */
    public Mlp(int[] sizes, long seed) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("a network needs at least an input and an output size");
        }
        this.sizes = sizes.clone();
        SplittableRandom rnd = new SplittableRandom(seed);
        weights = new float[sizes.length - 1][];
        biases = new float[sizes.length - 1][];
        for (int l = 0; l < sizes.length - 1; l++) {
            int in = sizes[l], out = sizes[l + 1];
            float limit = (float) Math.sqrt(6.0 / in);
            weights[l] = new float[in * out];
            for (int k = 0; k < weights[l].length; k++) {
                weights[l][k] = (float) ((rnd.nextDouble() * 2 - 1) * limit);
            }
            biases[l] = new float[out];
        }
    }

    private Mlp(Mlp other) {
        sizes = other.sizes.clone();
        weights = new float[other.weights.length][];
        biases = new float[other.biases.length][];
        for (int l = 0; l < weights.length; l++) {
            weights[l] = other.weights[l].clone();
            biases[l] = other.biases[l].clone();
        }
    }

    /** An independent copy (the best epoch's network, kept while training goes on). */
    Mlp copy() {
        return new Mlp(this);
    }

    /** Layer sizes, input first. */
    public int[] sizes() {
        return sizes.clone();
    }

    public int layers() {
        return weights.length;
    }

    /** Weights of layer {@code l}, row-major {@code [in][out]}; a copy. */
    public float[] weights(int l) {
        return weights[l].clone();
    }

    /** Biases of layer {@code l}; a copy. */
    public float[] biases(int l) {
        return biases[l].clone();
    }

    /** Sigmoid outputs for {@code n} rows of scaled inputs (row-major {@code [n][inputs]}). */
    public float[] predict(float[] x, int n) {
        return forward(x, n, null);
    }

    /**
     * The forward pass; when {@code activations} is given, it receives each layer's output (ReLU applied for hidden
     * layers, sigmoid for the last) for the backward pass.
     */
    float[] forward(float[] x, int n, float[][] activations) {
        float[] in = x;
        for (int l = 0; l < weights.length; l++) {
            int inSize = sizes[l], outSize = sizes[l + 1];
            float[] out = activations != null && activations[l] != null && activations[l].length >= n * outSize
                    ? activations[l] : new float[n * outSize];
            float[] w = weights[l], b = biases[l];
            boolean last = l == weights.length - 1;
            for (int r = 0; r < n; r++) {
                int o = r * outSize;
                System.arraycopy(b, 0, out, o, outSize);
                for (int i = 0; i < inSize; i++) {
                    float a = in[r * inSize + i];
                    // NOTE: after a ReLU about half the inputs are 0; skipping them halves the work.
                    if (a == 0f) {
                        continue;
                    }
                    int wi = i * outSize;
                    for (int j = 0; j < outSize; j++) {
                        out[o + j] += a * w[wi + j];
                    }
                }
                for (int j = 0; j < outSize; j++) {
                    float v = out[o + j];
                    out[o + j] = last ? sigmoid(v) : Math.max(v, 0f);
                }
            }
            if (activations != null) {
                activations[l] = out;
            }
            in = out;
        }
        return in;
    }

    /**
     * Gradients of {@code loss} against soft targets {@code y} (row-major {@code [n][outputs]}), summed into
     * {@code gw}/{@code gb}; the loss is {@code scale * } the sum of the rows' losses.
     *
     * @return the loss of these rows (times scale)
     */
    double backward(float[] x, float[] y, int n, float scale, Loss lossFunction, float[][] act, float[][] gw,
                    float[][] gb) {
        forward(x, n, act);
        int last = weights.length - 1;
        int outSize = sizes[last + 1];
        float[] p = act[last];
        float[] delta = new float[n * outSize];
        double loss = 0;
        for (int r = 0; r < n; r++) {
            loss += lossFunction.rowGradient(p, y, r * outSize, outSize, scale, delta);
        }
        for (int l = last; l >= 0; l--) {
            int inSize = sizes[l];
            int out = sizes[l + 1];
            float[] in = l == 0 ? x : act[l - 1];
            float[] w = weights[l], g = gw[l], gbl = gb[l];
            float[] prev = l == 0 ? null : new float[n * inSize];
            for (int r = 0; r < n; r++) {
                int o = r * out;
                for (int j = 0; j < out; j++) {
                    gbl[j] += delta[o + j];
                }
                for (int i = 0; i < inSize; i++) {
                    float a = in[r * inSize + i];
                    int wi = i * out;
                    if (a != 0f) {
                        for (int j = 0; j < out; j++) {
                            g[wi + j] += a * delta[o + j];
                        }
                    }
                    // NOTE: ReLU's derivative: a hidden unit that output 0 passes no gradient back.
                    if (prev != null && a > 0f) {
                        prev[r * inSize + i] = dot(w, wi, delta, o, out);
                    }
                }
            }
            delta = prev;
        }
        return loss;
    }

    /** Applies {@code step} to every parameter: {@code param -= step[l][k]}. */
    void update(float[][] stepW, float[][] stepB) {
        for (int l = 0; l < weights.length; l++) {
            for (int k = 0; k < weights[l].length; k++) {
                weights[l][k] -= stepW[l][k];
            }
            for (int k = 0; k < biases[l].length; k++) {
                biases[l][k] -= stepB[l][k];
            }
        }
    }

    /** Zeroed arrays shaped like the weights (or the biases). */
    float[][] zerosLike(boolean ofWeights) {
        float[][] src = ofWeights ? weights : biases;
        float[][] z = new float[src.length][];
        for (int l = 0; l < src.length; l++) {
            z[l] = new float[src[l].length];
        }
        return z;
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int n) {
        // NOTE: four accumulators let the CPU overlap the adds (the JIT keeps float sums in order otherwise).
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += a[ao + j] * b[bo + j];
            s1 += a[ao + j + 1] * b[bo + j + 1];
            s2 += a[ao + j + 2] * b[bo + j + 2];
            s3 += a[ao + j + 3] * b[bo + j + 3];
        }
        for (; j < n; j++) {
            s0 += a[ao + j] * b[bo + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    static float sigmoid(float v) {
        // NOTE: StrictMath: the same bits on every JVM and JIT tier, so a re-run of training anywhere gives the same
        // model file (Math.exp may be an intrinsic whose last bit differs)
        return (float) (1.0 / (1.0 + StrictMath.exp(-v)));
    }

    @Override
    public String toString() {
        return "Mlp" + Arrays.toString(sizes);
    }
}
