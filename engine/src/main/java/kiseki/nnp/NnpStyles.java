package kiseki.nnp;

import kiseki.potential.Potential;
import kiseki.potential.Potentials;

import java.io.IOException;
import java.nio.file.Path;

/** Registry entries for trained models: styles "delta-nnp" and "hdnnp", both loaded from Kiseki potential files. */
public final class NnpStyles {

    private NnpStyles() {
    }

    private static Potential load(Path file, String expected) throws IOException {
        NnpModel model = NnpModel.read(file);
        if (!model.kind().equals(expected)) {
            throw new IllegalArgumentException(file + " holds a " + model.kind() + " model, not a " + expected);
        }
        return new NnpPotential(model, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    /** Style "delta-nnp". */
    public static final class Delta implements Potentials.Style {
        @Override
        public String name() {
            return NnpModel.DELTA;
        }

        @Override
        public String description() {
            return "Δ-NNP: 12-10-8-6 pair term + element networks (Kiseki potential file)";
        }

        @Override
        public Potential load(Path file) throws IOException {
            return NnpStyles.load(file, NnpModel.DELTA);
        }
    }

    /** Style "hdnnp". */
    public static final class Hdnnp implements Potentials.Style {
        @Override
        public String name() {
            return NnpModel.HDNNP;
        }

        @Override
        public String description() {
            return "high-dimensional NNP: element networks only (Kiseki potential file)";
        }

        @Override
        public Potential load(Path file) throws IOException {
            return NnpStyles.load(file, NnpModel.HDNNP);
        }
    }
}
