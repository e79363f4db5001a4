package kiseki.bench;

import kiseki.nnp.NnpPotential;
import kiseki.potential.PotentialResult;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Energy + forces of the seed's LGPS Δ-NNP (Chebyshev 50 + 30, 6 Å, 2 × 40, pair term) on the 1,600-atom 4×4×2
 * supercell, with a prebuilt neighbour list (as in MD between rebuilds). Divide the score by 1,600 for µs per atom
 * per step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class PotentialBench {

    @Param({"1", "2"})
    int threads;

    NnpPotential potential;
    Structure structure;
    NeighborList neighbors;
    NeighborList skinNeighbors;
    PotentialResult result;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        structure = LgpsModels.lgps1600();
        potential = new NnpPotential(LgpsModels.seedDeltaModel(), threads);
        neighbors = NeighborList.full(structure, potential.cutoff());
        // the list MD uses: cutoff + 1 Å skin (entries beyond the cutoff are skipped by the potential)
        skinNeighbors = NeighborList.full(structure, potential.cutoff() + 1.0);
        result = new PotentialResult(structure.size(), true, true, false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        potential.close();
    }

    /** The same with MD's Verlet list (1 Å skin): what one MD step pays for the potential. */
    @Benchmark
    public double energyAndForces1600AtomsSkinList() {
        potential.compute(structure, skinNeighbors, result);
        return result.energy;
    }

    @Benchmark
    public double energyAndForces1600Atoms() {
        potential.compute(structure, neighbors, result);
        return result.energy;
    }
}
