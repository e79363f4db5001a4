package kiseki.bench;

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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Full neighbour list (6 Å, the seed's descriptor cutoff) of the 1,600-atom LGPS 4×4×2 supercell, the system of the
 * seed's conductivity runs. Needs ../shared beside the repository.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NeighborListBench {

    Structure lgps1600;

    @Setup
    public void setUp() throws Exception {
        Path cif = Path.of("..", "..", "shared", "data", "structures", "LGPS_mp-696128.cif");
        if (!Files.exists(cif)) {
            throw new IllegalStateException("benchmark needs " + cif.toAbsolutePath().normalize());
        }
        Structure cell = StructureFormats.require("cif").readFirst(cif, ReadOptions.DEFAULT).structure();
        lgps1600 = Supercells.repeat(cell, 4, 4, 2);
    }

    @Benchmark
    public NeighborList fullList6A() {
        return NeighborList.full(lgps1600, 6.0);
    }
}
