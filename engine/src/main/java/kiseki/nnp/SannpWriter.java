package kiseki.nnp;

import kiseki.descriptor.DescriptorSpec;
import kiseki.io.AtomicFiles;
import kiseki.potential.PairCoefficients;
import kiseki.structure.PeriodicTable;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Exports a model as {@code ffield.sannp}, the potential file of the LAMMPS pair_style nnp of the NeuralMD family,
 * exactly in the layout of conventions.md. What the format cannot hold is refused with a clear message instead of
 * being approximated: per-function input scaling, hidden layers of different widths, an activation without a
 * NeuralMD code (SiLU), Chebyshev angular functions of cos θ.
 *
 * <p>The format has no per-element reference energies: they are folded into each network's output bias (exact,
 * since E_i = NN(x_i) + e_ref).
 */
public final class SannpWriter {

    private SannpWriter() {
    }

    public static void write(NnpModel model, Path file) throws IOException {
        check(model);
        AtomicFiles.write(file, w -> render(model, w));
    }

    static void check(NnpModel model) {
        DescriptorSpec d = model.descriptor();
        if (model.perFunctionScaling()) {
            throw new IllegalArgumentException("ffield.sannp holds one mean and one std per element; this model "
                    + "scales each function separately (retrain without per-function scaling to export it)");
        }
        List<Integer> h = model.hidden();
        if (h.isEmpty() || h.stream().distinct().count() != 1) {
            throw new IllegalArgumentException("ffield.sannp needs hidden layers of one width, not " + h);
        }
        Activation a = Activation.byId(model.activation()).orElseThrow();
        if (!a.hasNeuralMdCode()) {
            throw new IllegalArgumentException("the " + a.id() + " activation has no NeuralMD code");
        }
        if ("chebyshev".equals(d.type()) && "cos".equals(d.angleArgument())) {
            throw new IllegalArgumentException("NeuralMD's Chebyshev angular functions take the angle, not cos θ");
        }
        if (!"tanh".equals(d.cutoffFunction()) && !"cosine".equals(d.cutoffFunction())) {
            throw new IllegalArgumentException("unknown cutoff function " + d.cutoffFunction());
        }
    }

    static void render(NnpModel model, Writer w) throws IOException {
        DescriptorSpec d = model.descriptor();
        boolean chebyshev = "chebyshev".equals(d.type());
        boolean classical = !model.pairs().isEmpty();
        int symmFunc = chebyshev ? 3 : 2;
        int elemWeight = "element".equals(d.weighting()) ? 1 : 0;
        int tanhCutoff = "tanh".equals(d.cutoffFunction()) ? 1 : 0;
        line(w, symmFunc, elemWeight, tanhCutoff, classical ? 1 : 0);
        if (chebyshev) {
            line(w, d.radial(), d.angular(), num(d.rcutRadial()), num(d.rcutAngular()));
        } else {
            line(w, d.radialParams().size(), d.angularParams().size(), num(d.rcutRadial()), num(d.rcutAngular()),
                    d.behlerNarrow() ? 0 : 1);
            for (double[] p : d.radialParams()) {
                line(w, num(p[0]), num(p[1]));
            }
            for (double[] p : d.angularParams()) {
                line(w, num(p[0]), num(p[1]), num(p[2]));
            }
        }
        line(w, 0); // withCharge
        Activation a = Activation.byId(model.activation()).orElseThrow();
        line(w, model.hidden().size(), model.hidden().get(0), a.neuralMdCode(), model.ensembleSize());
        line(w, model.elements().size());
        for (int e = 0; e < model.elements().size(); e++) {
            String el = model.elements().get(e);
            line(w, el, num(model.scaleMean().get(e)[0]), num(model.scaleStd().get(e)[0]),
                    PeriodicTable.require(el).z());
        }
        if (classical) {
            line(w, model.pairs().size());
            for (PairCoefficients p : model.pairs()) {
                line(w, p.first(), p.second(), num(p.a12()), num(p.a10()), num(p.a8()), num(p.a6()));
            }
        }
        for (int e = 0; e < model.elements().size(); e++) {
            double ref = model.referenceEnergies().getOrDefault(model.elements().get(e), 0.0);
            for (List<double[]> member : model.members()) {
                double[] p = member.get(e).clone();
                p[p.length - 1] += ref; // the output bias carries the reference energy
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < p.length; k++) {
                    sb.append(num(p[k])).append(k % 8 == 7 || k == p.length - 1 ? '\n' : ' ');
                }
                w.write(sb.toString());
            }
        }
    }

    private static void line(Writer w, Object... values) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Object v : values) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(v);
        }
        w.write(sb.append('\n').toString());
    }

    /** Full precision, Fortran-readable (no Java-only forms such as "Infinity"). */
    private static String num(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("cannot export a non-finite number");
        }
        return String.format(Locale.ROOT, "%.17e", v);
    }
}
