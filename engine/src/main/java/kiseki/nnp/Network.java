package kiseki.nnp;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A multilayer perceptron for one element: inputs → hidden layers with one {@link Activation} → ONE linear output
 * (the atomic energy).
 *
 * <h2>Parameter layout (NeuralMD {@code ffield.sannp})</h2>
 * All parameters live in one flat {@code double[]} of length {@link #parameterCount()}. For each layer in order
 * (hidden layers, then the output layer) the weights come first, stored output node by output node
 * ({@code w[iIn + iOut * nIn]}), then the layer's biases. The output layer has {@code nIn} weights and 1 bias.
 * {@link #weightOffset(int)} and {@link #biasOffset(int)} give the positions.
 *
 * <h2>Evaluation</h2>
 * Inputs are read from {@code x[off .. off + inputCount() - 1]}. Every evaluation method takes a {@link Workspace}
 * ({@link #newWorkspace()}; one per thread, reusable, valid for any network of the same shape) and allocates nothing;
 * overloads without a workspace use a per-thread one cached by this network. A network may be evaluated from many
 * threads at once; changing its parameters ({@link #setParameters}, {@link #initialise}) while another thread
 * evaluates it is not allowed. Gradient methods ADD into the caller's array, so threads accumulate into their own
 * arrays and the caller sums them. Gradients are gathered in the workspace and added to the caller's array once per
 * call (about 2 µs for 5,000 parameters), so for many atoms the batch helpers
 * ({@link #addEnergyAndForceWeightGradients}) are the fast path: one call per element and frame (or per chunk).
 *
 * <h2>Derivatives</h2>
 * <ul>
 *   <li>{@link #energyAndInputGradient}: ∂E/∂x (forces via the descriptor chain rule);</li>
 *   <li>{@link #addWeightGradient}: ∂E/∂w (energy part of the loss);</li>
 *   <li>{@link #addForceWeightGradient}: ∂/∂w [(∂E/∂x)·u] for a fixed vector u (force part of the loss): a
 *       forward-mode directional derivative of the hidden activations along u, then reverse mode through both the
 *       primal and the tangent pass, which needs f'';</li>
 *   <li>{@link #addEnergyAndForceWeightGradient}: both in one pass.</li>
 * </ul>
 */
public final class Network {

    /** How {@link #initialise(long, Initialisation)} draws the starting parameters. */
    public enum Initialisation {
        /**
         * Xavier/Glorot uniform: w ~ U(−a, a), a = gain·sqrt(6 / (nIn + nOut)), gain 5/3 for (twisted) tanh, √2 for
         * SiLU, 1 for sigmoid, linear and the output layer; biases 0.
         */
        XAVIER,
        /**
         * Nguyen–Widrow for the hidden layers: each node's weight vector drawn uniformly then scaled to length
         * β = 0.7·nOut^(1/nIn), its bias uniform in [−β, β]; output layer as {@link #XAVIER}.
         */
        NGUYEN_WIDROW
    }

    private final int[] sizes;          // inputs, hidden..., 1
    private final int hidden;           // number of hidden layers
    private final Activation activation;
    private final int[] weightOffset;   // per layer 1..hidden+1
    private final int[] biasOffset;
    private final double[] parameters;
    /*
     * Copies of the parameters as separate row arrays, kept in sync with `parameters`. The hot loops index every
     * array from 0 with the same index: C2 then vectorises them (with a different constant offset per array it must
     * assume the arrays may overlap and stays scalar, about 2–3 times slower here).
     */
    /** forwardRows[l][i][o] = W_l[o][i] (input-major, hidden layers) for the forward pass along outputs. */
    private final double[][][] forwardRows;
    /** rows[l][o][i] = W_l[o][i] (output-major, all layers; rows[hidden+1][0] = output weights). */
    private final double[][][] rows;
    /** bias[l][o]. */
    private final double[][] bias;
    private final ThreadLocal<Workspace> perThread = ThreadLocal.withInitial(this::newWorkspace);

    /**
     * A network with {@code inputs} inputs, the given hidden layer widths (at least one layer) and activation,
     * parameters all zero (see {@link #initialise}).
     */
    public Network(int inputs, int[] hiddenSizes, Activation activation) {
        Objects.requireNonNull(activation, "activation");
        if (inputs < 1) {
            throw new IllegalArgumentException("a network needs at least one input, got " + inputs);
        }
        if (hiddenSizes == null || hiddenSizes.length == 0) {
            throw new IllegalArgumentException("a network needs at least one hidden layer");
        }
        this.activation = activation;
        this.hidden = hiddenSizes.length;
        this.sizes = new int[hidden + 2];
        sizes[0] = inputs;
        for (int l = 0; l < hidden; l++) {
            if (hiddenSizes[l] < 1) {
                throw new IllegalArgumentException("hidden layer " + (l + 1) + " has " + hiddenSizes[l] + " nodes");
            }
            sizes[l + 1] = hiddenSizes[l];
        }
        sizes[hidden + 1] = 1;
        this.weightOffset = new int[hidden + 2];
        this.biasOffset = new int[hidden + 2];
        long count = 0;
        for (int l = 1; l <= hidden + 1; l++) {
            weightOffset[l] = (int) count;
            count += (long) sizes[l - 1] * sizes[l];
            biasOffset[l] = (int) count;
            count += sizes[l];
            if (count > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("network too large: more than 2^31 parameters");
            }
        }
        this.parameters = new double[(int) count];
        this.forwardRows = new double[hidden + 1][][];
        this.rows = new double[hidden + 2][][];
        this.bias = new double[hidden + 2][];
        for (int l = 1; l <= hidden + 1; l++) {
            if (l <= hidden) {
                forwardRows[l] = new double[sizes[l - 1]][sizes[l]];
            }
            rows[l] = new double[sizes[l]][sizes[l - 1]];
            bias[l] = new double[sizes[l]];
        }
    }

    /** Convenience: {@code Network.of(80, Activation.TWISTED_TANH, 40, 40)}. */
    public static Network of(int inputs, Activation activation, int... hiddenSizes) {
        return new Network(inputs, hiddenSizes, activation);
    }

    /** An independent copy (same shape, activation and parameters). */
    public Network copy() {
        Network c = new Network(sizes[0], hiddenSizes(), activation);
        c.setParameters(parameters, 0);
        return c;
    }

    // ------------------------------------------------------------------ shape and parameters

    public int inputCount() {
        return sizes[0];
    }

    public int hiddenLayerCount() {
        return hidden;
    }

    /** Widths of the hidden layers (a copy). */
    public int[] hiddenSizes() {
        return Arrays.copyOfRange(sizes, 1, hidden + 1);
    }

    /** All layer widths: inputs, hidden layers, 1 (a copy). */
    public int[] layerSizes() {
        return sizes.clone();
    }

    public Activation activation() {
        return activation;
    }

    public int parameterCount() {
        return parameters.length;
    }

    /** Offset of the weights of layer {@code layer} (1 = first hidden layer, hiddenLayerCount()+1 = output). */
    public int weightOffset(int layer) {
        checkLayer(layer);
        return weightOffset[layer];
    }

    /** Offset of the biases of layer {@code layer} (1 = first hidden layer, hiddenLayerCount()+1 = output). */
    public int biasOffset(int layer) {
        checkLayer(layer);
        return biasOffset[layer];
    }

    private void checkLayer(int layer) {
        if (layer < 1 || layer > hidden + 1) {
            throw new IndexOutOfBoundsException("layer " + layer + " not in 1.." + (hidden + 1));
        }
    }

    /** A copy of the parameters in the flat layout. */
    public double[] parameters() {
        return parameters.clone();
    }

    /** Copies the parameters into {@code dst[off ..]}. */
    public void getParameters(double[] dst, int off) {
        System.arraycopy(parameters, 0, dst, off, parameters.length);
    }

    /** Replaces all parameters by {@code src[off .. off + parameterCount() - 1]}. */
    public void setParameters(double[] src, int off) {
        System.arraycopy(src, off, parameters, 0, parameters.length);
        refreshRows();
    }

    public double parameter(int index) {
        return parameters[index];
    }

    public void setParameter(int index, double value) {
        Objects.checkIndex(index, parameters.length);
        parameters[index] = value;
        for (int l = 1; l <= hidden + 1; l++) {
            int nIn = sizes[l - 1];
            int rel = index - weightOffset[l];
            if (rel >= 0 && rel < nIn * sizes[l]) {
                int o = rel / nIn;
                int i = rel % nIn;
                rows[l][o][i] = value;
                if (l <= hidden) {
                    forwardRows[l][i][o] = value;
                }
                return;
            }
            rel = index - biasOffset[l];
            if (rel >= 0 && rel < sizes[l]) {
                bias[l][rel] = value;
                return;
            }
        }
    }

    private void refreshRows() {
        for (int l = 1; l <= hidden + 1; l++) {
            int nIn = sizes[l - 1];
            int nOut = sizes[l];
            int w = weightOffset[l];
            for (int o = 0; o < nOut; o++) {
                System.arraycopy(parameters, w + o * nIn, rows[l][o], 0, nIn);
                if (l <= hidden) {
                    for (int i = 0; i < nIn; i++) {
                        forwardRows[l][i][o] = parameters[w + o * nIn + i];
                    }
                }
            }
            System.arraycopy(parameters, biasOffset[l], bias[l], 0, nOut);
        }
    }

    /**
     * Draws fresh parameters from {@code seed} (same seed, same shape → same parameters on every platform).
     */
    public void initialise(long seed, Initialisation method) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int l = 1; l <= hidden + 1; l++) {
            int nIn = sizes[l - 1];
            int nOut = sizes[l];
            int w = weightOffset[l];
            int b = biasOffset[l];
            boolean output = l == hidden + 1;
            if (method == Initialisation.NGUYEN_WIDROW && !output) {
                double beta = 0.7 * Math.pow(nOut, 1.0 / nIn);
                for (int o = 0; o < nOut; o++) {
                    double norm2 = 0;
                    for (int i = 0; i < nIn; i++) {
                        double v = random.nextDouble(-0.5, 0.5);
                        parameters[w + o * nIn + i] = v;
                        norm2 += v * v;
                    }
                    double scale = norm2 > 0 ? beta / Math.sqrt(norm2) : 0.0;
                    for (int i = 0; i < nIn; i++) {
                        parameters[w + o * nIn + i] *= scale;
                    }
                    parameters[b + o] = random.nextDouble(-beta, beta);
                }
            } else {
                double gain = output ? 1.0 : activation.xavierGain();
                double limit = gain * Math.sqrt(6.0 / (nIn + nOut));
                for (int k = 0; k < nIn * nOut; k++) {
                    parameters[w + k] = random.nextDouble(-limit, limit);
                }
                Arrays.fill(parameters, b, b + nOut, 0.0);
            }
        }
        refreshRows();
    }

    // ------------------------------------------------------------------ workspaces

    /** Scratch space for one thread; valid for every network with exactly this one's layer sizes. */
    public Workspace newWorkspace() {
        return new Workspace(sizes);
    }

    /**
     * Per-thread scratch arrays of a network evaluation, including a private gradient accumulator that the gradient
     * methods add into and then flush to the caller's array (not thread-safe; allocate one per thread).
     */
    public static final class Workspace {
        final int[] sizes;
        final double[][] z;     // pre-activations, per layer (index 0 unused)
        final double[][] a;     // activations; a[0] = copy of the input
        final double[][] fp;    // f'(z)
        final double[][] fpp;   // f''(z)
        final double[][] zt;    // tangent of z along u
        final double[][] at;    // tangent of a along u; at[0] = copy of u
        final double[][] sig;   // adjoint of a (energy part, or combined); sig[0] = ∂E/∂x
        final double[][] pt;    // adjoint of the tangent activations (force part)
        final double[] r;       // combined adjoint of z for one layer
        final double[] q;       // adjoint of the tangent z for one layer
        final double[][][] gw;  // gradient accumulator, weights: gw[l][o][i]
        final double[][] gb;    // gradient accumulator, biases: gb[l][o]
        double directional;     // S = (∂E/∂x)·u of the last combined pass

        Workspace(int[] sizes) {
            this.sizes = sizes.clone();
            int layers = sizes.length;
            int width = 0;
            for (int s : sizes) {
                width = Math.max(width, s);
            }
            z = new double[layers][];
            a = new double[layers][];
            fp = new double[layers][];
            fpp = new double[layers][];
            zt = new double[layers][];
            at = new double[layers][];
            sig = new double[layers][];
            pt = new double[layers][];
            gw = new double[layers][][];
            gb = new double[layers][];
            for (int l = 0; l < layers; l++) {
                int n = sizes[l];
                z[l] = new double[n];
                a[l] = new double[n];
                fp[l] = new double[n];
                fpp[l] = new double[n];
                zt[l] = new double[n];
                at[l] = new double[n];
                sig[l] = new double[n];
                pt[l] = new double[n];
                if (l > 0) {
                    gw[l] = new double[n][sizes[l - 1]];
                    gb[l] = new double[n];
                }
            }
            r = new double[width];
            q = new double[width];
        }
    }

    private Workspace check(Workspace ws) {
        if (ws.sizes != sizes && !Arrays.equals(ws.sizes, sizes)) {
            throw new IllegalArgumentException("workspace made for a network of shape " + Arrays.toString(ws.sizes)
                    + ", this network has " + Arrays.toString(sizes));
        }
        return ws;
    }

    private void checkInput(double[] x, int off, int count) {
        Objects.checkFromIndexSize(off, Math.multiplyExact(count, sizes[0]), x.length);
    }

    private void checkGradient(double[] grad, int gOff) {
        Objects.checkFromIndexSize(gOff, parameters.length, grad.length);
    }

    // ------------------------------------------------------------------ vector kernels (zero-based, see rows)

    /** out[k] += Σ_{j<n} m[j][k]·s[j] for k < len, four rows per sweep over out. */
    private static void accumulate(double[][] m, double[] s, int n, int len, double[] out) {
        int j = 0;
        for (; j + 3 < n; j += 4) {
            double[] m0 = m[j];
            double[] m1 = m[j + 1];
            double[] m2 = m[j + 2];
            double[] m3 = m[j + 3];
            double s0 = s[j];
            double s1 = s[j + 1];
            double s2 = s[j + 2];
            double s3 = s[j + 3];
            for (int k = 0; k < len; k++) {
                out[k] += m0[k] * s0 + m1[k] * s1 + m2[k] * s2 + m3[k] * s3;
            }
        }
        for (; j < n; j++) {
            double[] m0 = m[j];
            double s0 = s[j];
            for (int k = 0; k < len; k++) {
                out[k] += m0[k] * s0;
            }
        }
    }

    /** As {@link #accumulate} for two coefficient vectors sharing the matrix loads. */
    private static void accumulate2(double[][] m, double[] s, double[] t, int n, int len, double[] out,
                                    double[] outT) {
        int j = 0;
        for (; j + 3 < n; j += 4) {
            double[] m0 = m[j];
            double[] m1 = m[j + 1];
            double[] m2 = m[j + 2];
            double[] m3 = m[j + 3];
            double s0 = s[j];
            double s1 = s[j + 1];
            double s2 = s[j + 2];
            double s3 = s[j + 3];
            double t0 = t[j];
            double t1 = t[j + 1];
            double t2 = t[j + 2];
            double t3 = t[j + 3];
            for (int k = 0; k < len; k++) {
                double v0 = m0[k];
                double v1 = m1[k];
                double v2 = m2[k];
                double v3 = m3[k];
                out[k] += v0 * s0 + v1 * s1 + v2 * s2 + v3 * s3;
                outT[k] += v0 * t0 + v1 * t1 + v2 * t2 + v3 * t3;
            }
        }
        for (; j < n; j++) {
            double[] m0 = m[j];
            double s0 = s[j];
            double t0 = t[j];
            for (int k = 0; k < len; k++) {
                out[k] += m0[k] * s0;
                outT[k] += m0[k] * t0;
            }
        }
    }

    private static double dot(double[] a, double[] b, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += a[k] * b[k];
            s1 += a[k + 1] * b[k + 1];
            s2 += a[k + 2] * b[k + 2];
            s3 += a[k + 3] * b[k + 3];
        }
        for (; k < n; k++) {
            s0 += a[k] * b[k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    // ------------------------------------------------------------------ passes (input already copied to ws.a[0])

    /** Forward pass into ws (f' when {@code derivatives >= 1}, f'' when 2); returns E. */
    private double forward(Workspace ws, int derivatives) {
        for (int l = 1; l <= hidden; l++) {
            int nOut = sizes[l];
            double[] z = ws.z[l];
            System.arraycopy(bias[l], 0, z, 0, nOut);
            accumulate(forwardRows[l], ws.a[l - 1], sizes[l - 1], nOut, z);
            activation.evaluate(z, ws.a[l], derivatives >= 1 ? ws.fp[l] : null,
                    derivatives >= 2 ? ws.fpp[l] : null, nOut);
        }
        return bias[hidden + 1][0] + dot(rows[hidden + 1][0], ws.a[hidden], sizes[hidden]);
    }

    /** Forward pass of the primal and its tangent along ws.at[0] (f' and f'' stored). */
    private void forwardWithTangent(Workspace ws) {
        for (int l = 1; l <= hidden; l++) {
            int nOut = sizes[l];
            double[] z = ws.z[l];
            double[] zt = ws.zt[l];
            System.arraycopy(bias[l], 0, z, 0, nOut);
            Arrays.fill(zt, 0.0);
            accumulate2(forwardRows[l], ws.a[l - 1], ws.at[l - 1], sizes[l - 1], nOut, z, zt);
            double[] fp = ws.fp[l];
            activation.evaluate(z, ws.a[l], fp, ws.fpp[l], nOut);
            double[] at = ws.at[l];
            for (int o = 0; o < nOut; o++) {
                at[o] = fp[o] * zt[o];
            }
        }
    }

    /** ∂E/∂x into ws.sig[0] after {@link #forward} with derivatives. */
    private void inputGradient(Workspace ws) {
        System.arraycopy(rows[hidden + 1][0], 0, ws.sig[hidden], 0, sizes[hidden]);
        double[] d = ws.r;
        for (int l = hidden; l >= 1; l--) {
            int nOut = sizes[l];
            double[] fp = ws.fp[l];
            double[] g = ws.sig[l];
            for (int o = 0; o < nOut; o++) {
                d[o] = g[o] * fp[o];
            }
            double[] below = ws.sig[l - 1];
            Arrays.fill(below, 0.0);
            accumulate(rows[l], d, nOut, sizes[l - 1], below);
        }
    }

    /** Adds α·∂E/∂w to the workspace accumulator after {@link #forward} with derivatives. */
    private void accumulateEnergyGradient(Workspace ws, double alpha) {
        int nLast = sizes[hidden];
        double[] last = ws.a[hidden];
        double[] gOut = ws.gw[hidden + 1][0];
        double[] wOut = rows[hidden + 1][0];
        double[] s = ws.sig[hidden];
        for (int k = 0; k < nLast; k++) {
            gOut[k] += alpha * last[k];
            s[k] = alpha * wOut[k];
        }
        ws.gb[hidden + 1][0] += alpha;
        double[] d = ws.r;
        for (int l = hidden; l >= 1; l--) {
            int nIn = sizes[l - 1];
            int nOut = sizes[l];
            double[] fp = ws.fp[l];
            double[] sl = ws.sig[l];
            double[] gb = ws.gb[l];
            for (int o = 0; o < nOut; o++) {
                d[o] = sl[o] * fp[o];
                gb[o] += d[o];
            }
            double[] in = ws.a[l - 1];
            double[][] gw = ws.gw[l];
            for (int o = 0; o < nOut; o++) {
                double[] row = gw[o];
                double d0 = d[o];
                for (int i = 0; i < nIn; i++) {
                    row[i] += d0 * in[i];
                }
            }
            if (l > 1) {
                double[] below = ws.sig[l - 1];
                Arrays.fill(below, 0.0);
                accumulate(rows[l], d, nOut, nIn, below);
            }
        }
    }

    /**
     * Adds α·∂E/∂w + β·∂S/∂w (S = (∂E/∂x)·u) to the accumulator after {@link #forwardWithTangent}; returns E and
     * leaves S in {@code ws.directional}.
     *
     * <p>Reverse mode over (primal, tangent): σ_l = α·∂E/∂a_l + β·∂S/∂a_l, p_l = β·∂S/∂ȧ_l;
     * R_l = σ_l⊙f'(z_l) + p_l⊙ż_l⊙f''(z_l), q_l = p_l⊙f'(z_l); ∂/∂W_l += R_l⊗a_{l−1} + q_l⊗ȧ_{l−1},
     * ∂/∂b_l += R_l; σ_{l−1} = W_lᵀR_l, p_{l−1} = W_lᵀq_l.
     */
    private double accumulateCombinedGradient(Workspace ws, double alpha, double beta) {
        int nLast = sizes[hidden];
        double[] last = ws.a[hidden];
        double[] lastT = ws.at[hidden];
        double[] wOut = rows[hidden + 1][0];
        double[] gOut = ws.gw[hidden + 1][0];
        double[] sig = ws.sig[hidden];
        double[] pt = ws.pt[hidden];
        for (int k = 0; k < nLast; k++) {
            double w = wOut[k];
            gOut[k] += alpha * last[k] + beta * lastT[k];
            sig[k] = alpha * w;
            pt[k] = beta * w;
        }
        ws.gb[hidden + 1][0] += alpha;
        double e = bias[hidden + 1][0] + dot(wOut, last, nLast);
        ws.directional = dot(wOut, lastT, nLast);
        double[] r = ws.r;
        double[] q = ws.q;
        for (int l = hidden; l >= 1; l--) {
            int nIn = sizes[l - 1];
            int nOut = sizes[l];
            double[] fp = ws.fp[l];
            double[] fpp = ws.fpp[l];
            double[] zt = ws.zt[l];
            double[] sl = ws.sig[l];
            double[] pl = ws.pt[l];
            double[] gb = ws.gb[l];
            for (int o = 0; o < nOut; o++) {
                r[o] = sl[o] * fp[o] + pl[o] * zt[o] * fpp[o];
                q[o] = pl[o] * fp[o];
                gb[o] += r[o];
            }
            double[] in = ws.a[l - 1];
            double[] tin = ws.at[l - 1];
            double[][] gw = ws.gw[l];
            for (int o = 0; o < nOut; o++) {
                double[] row = gw[o];
                double ro = r[o];
                double qo = q[o];
                for (int i = 0; i < nIn; i++) {
                    row[i] += ro * in[i] + qo * tin[i];
                }
            }
            if (l > 1) {
                double[] below = ws.sig[l - 1];
                double[] belowT = ws.pt[l - 1];
                Arrays.fill(below, 0.0);
                Arrays.fill(belowT, 0.0);
                accumulate2(rows[l], r, q, nOut, nIn, below, belowT);
            }
        }
        return e;
    }

    /** grad[gOff + layout] += accumulator; clears the accumulator. */
    private void flushGradient(Workspace ws, double[] grad, int gOff) {
        for (int l = 1; l <= hidden + 1; l++) {
            int nIn = sizes[l - 1];
            int nOut = sizes[l];
            double[][] gw = ws.gw[l];
            for (int o = 0; o < nOut; o++) {
                double[] row = gw[o];
                int base = gOff + weightOffset[l] + o * nIn;
                for (int i = 0; i < nIn; i++) {
                    grad[base + i] += row[i];
                }
                Arrays.fill(row, 0.0);
            }
            double[] gb = ws.gb[l];
            int base = gOff + biasOffset[l];
            for (int o = 0; o < nOut; o++) {
                grad[base + o] += gb[o];
            }
            Arrays.fill(gb, 0.0);
        }
    }

    private static void load(double[] src, int off, double[] dst) {
        System.arraycopy(src, off, dst, 0, dst.length);
    }

    // ------------------------------------------------------------------ public per-atom API

    /** E(x). */
    public double energy(double[] x, int off, Workspace ws) {
        check(ws);
        checkInput(x, off, 1);
        load(x, off, ws.a[0]);
        return forward(ws, 0);
    }

    /** E(x) with this thread's cached workspace. */
    public double energy(double[] x, int off) {
        return energy(x, off, perThread.get());
    }

    /** E(x); writes ∂E/∂x into {@code dEdx[dOff .. dOff + inputCount() - 1]} (overwrites). */
    public double energyAndInputGradient(double[] x, int off, double[] dEdx, int dOff, Workspace ws) {
        check(ws);
        checkInput(x, off, 1);
        checkInput(dEdx, dOff, 1);
        load(x, off, ws.a[0]);
        double e = forward(ws, 1);
        inputGradient(ws);
        System.arraycopy(ws.sig[0], 0, dEdx, dOff, sizes[0]);
        return e;
    }

    /** As {@link #energyAndInputGradient(double[], int, double[], int, Workspace)} with the cached workspace. */
    public double energyAndInputGradient(double[] x, int off, double[] dEdx, int dOff) {
        return energyAndInputGradient(x, off, dEdx, dOff, perThread.get());
    }

    /**
     * {@code grad[gOff + k] += scale · ∂E/∂w_k} for every parameter k; returns E.
     */
    public double addWeightGradient(double[] x, int off, double scale, double[] grad, int gOff, Workspace ws) {
        check(ws);
        checkInput(x, off, 1);
        checkGradient(grad, gOff);
        load(x, off, ws.a[0]);
        double e = forward(ws, 1);
        accumulateEnergyGradient(ws, scale);
        flushGradient(ws, grad, gOff);
        return e;
    }

    /** {@code grad[k] += scale · ∂E/∂w_k} with the cached workspace; returns E. */
    public double addWeightGradient(double[] x, int off, double scale, double[] grad) {
        return addWeightGradient(x, off, scale, grad, 0, perThread.get());
    }

    /**
     * {@code grad[gOff + k] += scale · ∂S/∂w_k} with S = (∂E/∂x)·u, {@code u = u[uOff .. uOff + inputCount() - 1]}
     * held fixed; returns S. With u = Σ_j (F_j − F_ref_j)·∂G/∂r_j this is the weight gradient of the force loss.
     */
    public double addForceWeightGradient(double[] x, int off, double[] u, int uOff, double scale,
                                         double[] grad, int gOff, Workspace ws) {
        check(ws);
        checkInput(x, off, 1);
        checkInput(u, uOff, 1);
        checkGradient(grad, gOff);
        load(x, off, ws.a[0]);
        load(u, uOff, ws.at[0]);
        forwardWithTangent(ws);
        accumulateCombinedGradient(ws, 0.0, scale);
        flushGradient(ws, grad, gOff);
        return ws.directional;
    }

    /** As {@link #addForceWeightGradient(double[], int, double[], int, double, double[], int, Workspace)}. */
    public double addForceWeightGradient(double[] x, int off, double[] u, int uOff, double scale, double[] grad) {
        return addForceWeightGradient(x, off, u, uOff, scale, grad, 0, perThread.get());
    }

    /**
     * One pass for both loss terms: {@code grad[gOff + k] += energyScale·∂E/∂w_k + forceScale·∂[(∂E/∂x)·u]/∂w_k};
     * returns E.
     */
    public double addEnergyAndForceWeightGradient(double[] x, int off, double energyScale, double[] u, int uOff,
                                                  double forceScale, double[] grad, int gOff, Workspace ws) {
        check(ws);
        checkInput(x, off, 1);
        checkInput(u, uOff, 1);
        checkGradient(grad, gOff);
        load(x, off, ws.a[0]);
        load(u, uOff, ws.at[0]);
        forwardWithTangent(ws);
        double e = accumulateCombinedGradient(ws, energyScale, forceScale);
        flushGradient(ws, grad, gOff);
        return e;
    }

    /** As the workspace version, with the cached workspace and gradient offset 0. */
    public double addEnergyAndForceWeightGradient(double[] x, int off, double energyScale, double[] u, int uOff,
                                                  double forceScale, double[] grad) {
        return addEnergyAndForceWeightGradient(x, off, energyScale, u, uOff, forceScale, grad, 0, perThread.get());
    }

    // ------------------------------------------------------------------ batch helpers (contiguous atoms)

    /**
     * Energies of {@code count} atoms whose inputs are contiguous: atom k reads
     * {@code x[off + k*inputCount() ..]}, writes {@code e[eOff + k]}; returns their sum.
     */
    public double energies(double[] x, int off, int count, double[] e, int eOff, Workspace ws) {
        check(ws);
        checkInput(x, off, count);
        Objects.checkFromIndexSize(eOff, count, e.length);
        int n = sizes[0];
        double sum = 0;
        for (int k = 0; k < count; k++) {
            load(x, off + k * n, ws.a[0]);
            double ek = forward(ws, 0);
            e[eOff + k] = ek;
            sum += ek;
        }
        return sum;
    }

    /**
     * Energies and input gradients of {@code count} contiguous atoms: {@code dEdx[dOff + k*inputCount() ..]};
     * returns the sum of the energies.
     */
    public double energiesAndInputGradients(double[] x, int off, int count, double[] e, int eOff,
                                            double[] dEdx, int dOff, Workspace ws) {
        check(ws);
        checkInput(x, off, count);
        checkInput(dEdx, dOff, count);
        Objects.checkFromIndexSize(eOff, count, e.length);
        int n = sizes[0];
        double sum = 0;
        for (int k = 0; k < count; k++) {
            load(x, off + k * n, ws.a[0]);
            double ek = forward(ws, 1);
            inputGradient(ws);
            System.arraycopy(ws.sig[0], 0, dEdx, dOff + k * n, n);
            e[eOff + k] = ek;
            sum += ek;
        }
        return sum;
    }

    /**
     * For {@code count} contiguous atoms: {@code grad[gOff ..] += Σ_k energyScales[esOff + k]·∂E_k/∂w
     * + forceScale·∂[(∂E_k/∂x_k)·u_k]/∂w} with {@code u_k = u[uOff + k*inputCount() ..]}; returns the sum of
     * the energies. {@code u} may be null for an energy-only gradient. The fast path for training: the gradient is
     * gathered in the workspace and added to {@code grad} once per call.
     */
    public double addEnergyAndForceWeightGradients(double[] x, int off, int count, double[] energyScales, int esOff,
                                                   double[] u, int uOff, double forceScale,
                                                   double[] grad, int gOff, Workspace ws) {
        check(ws);
        checkInput(x, off, count);
        Objects.checkFromIndexSize(esOff, count, energyScales.length);
        if (u != null) {
            checkInput(u, uOff, count);
        }
        checkGradient(grad, gOff);
        int n = sizes[0];
        double sum = 0;
        for (int k = 0; k < count; k++) {
            load(x, off + k * n, ws.a[0]);
            if (u == null) {
                sum += forward(ws, 1);
                accumulateEnergyGradient(ws, energyScales[esOff + k]);
            } else {
                load(u, uOff + k * n, ws.at[0]);
                forwardWithTangent(ws);
                sum += accumulateCombinedGradient(ws, energyScales[esOff + k], forceScale);
            }
        }
        flushGradient(ws, grad, gOff);
        return sum;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Network[");
        for (int l = 0; l < sizes.length; l++) {
            if (l > 0) {
                sb.append('-');
            }
            sb.append(sizes[l]);
        }
        return sb.append(", ").append(activation.id()).append(", ").append(parameters.length)
                .append(" parameters]").toString();
    }
}
