package kiseki.bench;

import kiseki.md.MdState;
import kiseki.md.NoseHooverChain;
import kiseki.md.Thermostat;
import kiseki.md.VelocityVerlet;
import kiseki.nnp.NnpPotential;
import kiseki.potential.LennardJones;
import kiseki.potential.Potential;
import kiseki.structure.Element;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
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
 * One full MD step (velocity Verlet, Nosé–Hoover chain thermostat, Verlet-list bookkeeping and rebuilds, kinetic
 * energy) for (a) the seed's Δ-NNP on the 1,600-atom LGPS supercell at 800 K, 0.5 fs — compare with
 * {@link PotentialBench} for the loop's overhead over the potential alone — and (b) 256-atom LJ argon (fcc,
 * ε = 0.0104 eV, σ = 3.40 Å, cutoff 8.5 Å) at 100 K, 2 fs, the system of the LAMMPS comparison. Score: ms per step;
 * divide by the atom count for µs per atom per step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class MdStepBench {

    @Param({"lgps-delta-1600", "lj-argon-256"})
    String system;

    @Param({"1", "2"})
    int threads;

    Potential potential;
    VelocityVerlet integrator;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Structure s;
        double temperature;
        double dt;
        if (system.startsWith("lgps")) {
            s = LgpsModels.lgps1600();
            potential = new NnpPotential(LgpsModels.seedDeltaModel(), threads);
            temperature = 800;
            dt = 0.5;
        } else {
            s = argon256();
            potential = LennardJones.of(0.0104, 3.40, 8.5);
            temperature = 100;
            dt = 2.0;
        }
        MdState state = new MdState(s);
        state.maxwellBoltzmann(temperature, 1);
        Thermostat t = new NoseHooverChain(temperature, 100 * dt, 3);
        integrator = new VelocityVerlet(potential, state, dt, t);
    }

    /** 4×4×4 conventional fcc cells of argon, a = 5.26 Å. */
    static Structure argon256() {
        double a = 5.26;
        int n = 4;
        double[][] basis = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
        Element ar = PeriodicTable.require("Ar");
        Element[] species = new Element[4 * n * n * n];
        double[] r = new double[3 * species.length];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int l = 0; l < n; l++) {
                    for (double[] b : basis) {
                        species[k] = ar;
                        r[3 * k] = (i + b[0]) * a;
                        r[3 * k + 1] = (j + b[1]) * a;
                        r[3 * k + 2] = (l + b[2]) * a;
                        k++;
                    }
                }
            }
        }
        return new Structure(Lattice.orthorhombic(n * a, n * a, n * a), species, r);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (potential instanceof AutoCloseable c) {
            c.close();
        }
    }

    @Benchmark
    public double step() {
        integrator.step();
        return integrator.potentialEnergy();
    }
}
