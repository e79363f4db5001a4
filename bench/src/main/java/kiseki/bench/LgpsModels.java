package kiseki.bench;

import kiseki.descriptor.DescriptorSpec;
import kiseki.descriptor.Descriptors;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.nnp.Activation;
import kiseki.nnp.Network;
import kiseki.nnp.NnpModel;
import kiseki.potential.PairCoefficients;
import kiseki.structure.Element;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Shared inputs of the force-field benchmarks: the seed's LGPS setting with untrained weights (same cost). */
final class LgpsModels {

    static final Path SHARED = Path.of("..", "..", "shared");

    private LgpsModels() {
    }

    static Path shared(String relative) {
        Path p = SHARED.resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("benchmark needs " + p.toAbsolutePath().normalize());
        }
        return p;
    }

    static Structure lgps1600() throws Exception {
        Structure cell = StructureFormats.require("cif")
                .readFirst(shared("data/structures/LGPS_mp-696128.cif"), ReadOptions.DEFAULT).structure();
        return kiseki.structure.Supercells.repeat(cell, 4, 4, 2);
    }

    /** Chebyshev 50 + 30, 6 Å, element-weighted; 2 × 40 twisted tanh; the Δ pair term for every LGPS pair. */
    static NnpModel seedDeltaModel() {
        DescriptorSpec spec = DescriptorSpec.chebyshev(50, 30, 6.0);
        List<String> elements = List.of("Li", "Ge", "P", "S");
        List<Element> els = elements.stream().map(PeriodicTable::require).toList();
        int size = Descriptors.create(spec, els).size();
        List<double[]> mean = new ArrayList<>();
        List<double[]> std = new ArrayList<>();
        List<double[]> nets = new ArrayList<>();
        for (int e = 0; e < elements.size(); e++) {
            double[] m = new double[size];
            double[] s = new double[size];
            Arrays.fill(m, 0.2);
            Arrays.fill(s, 5.0);
            mean.add(m);
            std.add(s);
            Network n = new Network(size, new int[] {40, 40}, Activation.TWISTED_TANH);
            n.initialise(e, Network.Initialisation.XAVIER);
            nets.add(n.parameters());
        }
        List<PairCoefficients> pairs = new ArrayList<>();
        for (int a = 0; a < elements.size(); a++) {
            for (int b = a; b < elements.size(); b++) {
                pairs.add(new PairCoefficients(elements.get(a), elements.get(b), 1e4, -300, -1700, 250));
            }
        }
        return new NnpModel(NnpModel.FORMAT_VERSION, NnpModel.DELTA, spec, elements, false, mean, std, "twtanh",
                List.of(40, 40), List.of(nets), 6.0, pairs, Map.of(), Map.of());
    }
}
