package kiseki.bench;

import kiseki.descriptor.Descriptor;
import kiseki.descriptor.DescriptorSpec;
import kiseki.descriptor.Descriptors;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;
import kiseki.structure.Supercells;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The seed descriptor (Chebyshev, 50 radial + 30 angular, 6 Å, element weighting, tanh cutoff) on the 1,600-atom LGPS
 * 4×4×2 supercell, one thread. Scores are µs per atom: {@code valuesAndBackward} is what one MD step of the potential
 * needs from the descriptor (values, then the force chain rule given ∂E/∂G); the other two split it.
 * {@code valuesAndDerivatives} is the training path that stores ∂G/∂r_ij. Needs ../shared beside the repository.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class DescriptorBench {

    static final int ATOMS = 1600;

    Structure lgps1600;
    NeighborList neighbors;
    Descriptor descriptor;
    double[] g;
    double[] dEdG;
    double[] dEdr;
    double[] dg;

    @Setup
    public void setUp() throws Exception {
        Path cif = Path.of("..", "..", "shared", "data", "structures", "LGPS_mp-696128.cif");
        if (!Files.exists(cif)) {
            throw new IllegalStateException("benchmark needs " + cif.toAbsolutePath().normalize());
        }
        Structure cell = StructureFormats.require("cif").readFirst(cif, ReadOptions.DEFAULT).structure();
        lgps1600 = Supercells.repeat(cell, 4, 4, 2);
        if (lgps1600.size() != ATOMS) {
            throw new IllegalStateException("expected 1600 atoms, got " + lgps1600.size());
        }
        descriptor = Descriptors.create(DescriptorSpec.chebyshev(50, 30, 6.0), lgps1600.elements());
        neighbors = NeighborList.full(lgps1600, descriptor.cutoff());
        g = new double[ATOMS * descriptor.size()];
        dEdG = new double[ATOMS * descriptor.size()];
        Random rnd = new Random(1);
        for (int k = 0; k < dEdG.length; k++) {
            dEdG[k] = rnd.nextGaussian();
        }
        dEdr = new double[3 * neighbors.size()];
        // the training path for the first 100 atoms only (the full tensor would be ~2.6 GB)
        dg = new double[(neighbors.end(99) - neighbors.start(0)) * descriptor.size() * 3];
    }

    @Benchmark
    @OperationsPerInvocation(ATOMS)
    public double valuesAndBackward() {
        descriptor.values(lgps1600, neighbors, 0, ATOMS, g);
        Arrays.fill(dEdr, 0.0);
        descriptor.backward(lgps1600, neighbors, 0, ATOMS, dEdG, dEdr);
        return g[17] + dEdr[5];
    }

    @Benchmark
    @OperationsPerInvocation(ATOMS)
    public double values() {
        descriptor.values(lgps1600, neighbors, 0, ATOMS, g);
        return g[17];
    }

    @Benchmark
    @OperationsPerInvocation(ATOMS)
    public double backward() {
        Arrays.fill(dEdr, 0.0);
        descriptor.backward(lgps1600, neighbors, 0, ATOMS, dEdG, dEdr);
        return dEdr[5];
    }

    @Benchmark
    @OperationsPerInvocation(100)
    public double valuesAndDerivatives() {
        descriptor.valuesAndDerivatives(lgps1600, neighbors, 0, 100, g, dg);
        return dg[11];
    }
}
