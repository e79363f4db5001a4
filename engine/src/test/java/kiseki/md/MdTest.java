package kiseki.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import kiseki.io.Units;
import kiseki.potential.LennardJones;
import kiseki.potential.Potential;
import kiseki.structure.Element;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

class MdTest {

    static final Potential ARGON = LennardJones.of(0.0104, 3.40, 8.5);

    /** fcc argon, a = 5.26 Å, n×n×n conventional cells. */
    static Structure argon(int n) {
        double a = 5.26;
        double[][] basis = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
        int atoms = 4 * n * n * n;
        double[] frac = new double[3 * atoms];
        Element[] species = new Element[atoms];
        Element ar = PeriodicTable.require("Ar");
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int l = 0; l < n; l++) {
                    for (double[] b : basis) {
                        frac[3 * k] = (i + b[0]) / n;
                        frac[3 * k + 1] = (j + b[1]) / n;
                        frac[3 * k + 2] = (l + b[2]) / n;
                        species[k++] = ar;
                    }
                }
            }
        }
        return Structure.fromFractional(Lattice.orthorhombic(a * n, a * n, a * n), species, frac);
    }

    @Test
    void maxwellBoltzmannHasZeroMomentumAndExactTemperature() {
        MdState state = new MdState(argon(4));
        assertEquals(256, state.size());
        assertEquals(39.948, state.masses()[0], 1e-3);
        state.maxwellBoltzmann(100, 42);
        assertEquals(100.0, state.temperature(), 1e-10);
        assertEquals(765, state.degreesOfFreedom());
        double[] p = state.momentum();
        for (double c : p) {
            assertEquals(0, c, 1e-12);
        }
        // same seed, same velocities; another seed, others
        MdState again = new MdState(argon(4));
        again.maxwellBoltzmann(100, 42);
        assertArrayEquals(state.velocities(), again.velocities(), 0);
        again.maxwellBoltzmann(100, 43);
        assertTrue(Math.abs(again.velocities()[0] - state.velocities()[0]) > 0);
    }

    @Test
    void verletListMatchesFreshListEveryStep() {
        MdState a = new MdState(argon(2));
        MdState b = new MdState(argon(2));
        a.maxwellBoltzmann(300, 7);
        b.maxwellBoltzmann(300, 7);
        VelocityVerlet withSkin = new VelocityVerlet(ARGON, a, 2.0, 1.0, Thermostat.none());
        VelocityVerlet fresh = new VelocityVerlet(ARGON, b, 2.0, 0.0, Thermostat.none());
        for (int s = 0; s < 200; s++) {
            withSkin.step();
            fresh.step();
        }
        assertTrue(withSkin.rebuilds() < 50, "the skin list should rarely be rebuilt: " + withSkin.rebuilds());
        assertEquals(201, fresh.rebuilds());
        double[] x = a.structure().positions();
        double[] y = b.structure().positions();
        for (int k = 0; k < x.length; k++) {
            assertEquals(y[k], x[k], 1e-10);
        }
        assertEquals(200, a.step());
        assertEquals(400.0, a.timeFs(), 1e-12);
    }

    @Test
    void pressureIsMinusVolumeDerivativeOfEnergyPlusKineticTerm() {
        // perfect lattice, compressed a little: P = −dE/dV (central difference over a uniform scaling) at rest
        Structure s = argon(2);
        double scale = 0.98;
        s.setLattice(s.lattice().strained(new double[] {scale - 1, 0, 0, 0, scale - 1, 0, 0, 0, scale - 1}), true);
        MdState state = new MdState(s);
        VelocityVerlet md = new VelocityVerlet(ARGON, state, 1.0, Thermostat.none());
        double h = 1e-5;
        double[] e = new double[2];
        double[] v = new double[2];
        for (int k = 0; k < 2; k++) {
            Structure t = s.copy();
            double f = k == 0 ? 1 + h : 1 - h;
            t.setLattice(t.lattice().strained(new double[] {f - 1, 0, 0, 0, f - 1, 0, 0, 0, f - 1}), true);
            e[k] = ARGON.compute(t).energy;
            v[k] = t.lattice().volume();
        }
        double expected = -(e[0] - e[1]) / (v[0] - v[1]) * Units.EV_PER_ANGSTROM3_TO_GPA * 1e4;
        assertEquals(expected, md.pressureBar(), 1e-6 * Math.abs(expected));
        assertTrue(Math.abs(expected) > 100, "the compressed lattice should be under pressure: " + expected);
        // the kinetic part: 2 KE / (3V)
        state.maxwellBoltzmann(300, 1);
        double kinetic = 2 * state.kineticEnergy() / (3 * s.lattice().volume()) * Units.EV_PER_ANGSTROM3_TO_GPA * 1e4;
        assertEquals(expected + kinetic, md.pressureBar(), 1e-6 * Math.abs(expected));
    }

    @Test
    void isolatedClusterConservesEnergyAndMomentum() {
        // 13-atom cuboctahedral argon cluster without a cell: every pair stays inside the 8.5 Å cutoff
        double d = 5.26 / 2;
        double[] pos = new double[39];
        int k = 3;
        for (int a = 0; a < 3; a++) {
            for (int sa = -1; sa <= 1; sa += 2) {
                for (int sb = -1; sb <= 1; sb += 2) {
                    pos[k + a] = sa * d;
                    pos[k + (a + 1) % 3] = sb * d;
                    k += 3;
                }
            }
        }
        Element[] species = new Element[13];
        java.util.Arrays.fill(species, PeriodicTable.require("Ar"));
        MdState state = new MdState(new Structure(null, species, pos));
        state.maxwellBoltzmann(20, 3);
        VelocityVerlet md = new VelocityVerlet(ARGON, state, 2.0, Thermostat.none());
        assertTrue(Double.isNaN(md.pressureBar()), "no pressure without a periodic cell");
        double e0 = md.totalEnergy();
        for (int s = 0; s < 2000; s++) {
            md.step();
        }
        assertEquals(e0, md.totalEnergy(), 1e-5 * 13);
        for (double p : state.momentum()) {
            assertEquals(0, p, 1e-10);
        }
        assertTrue(md.minimumDistance() > 3.0);
    }
}
