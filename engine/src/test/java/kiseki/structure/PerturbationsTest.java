package kiseki.structure;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerturbationsTest {

    private static Structure silicon() {
        Element si = PeriodicTable.require("Si");
        Element[] sp = new Element[8];
        java.util.Arrays.fill(sp, si);
        double[] f = {0, 0, 0, 0, .5, .5, .5, 0, .5, .5, .5, 0, .25, .25, .25, .25, .75, .75, .75, .25, .75, .75, .75,
                .25};
        return Structure.fromFractional(Lattice.orthorhombic(5.43, 5.43, 5.43), sp, f);
    }

    @Test
    void displacementsLieInTheRequestedRangeAndAreIsotropic() {
        Structure base = silicon();
        List<Structure> out = Perturbations.generate(base, new Perturbations.Settings(200, 0.1, 0.2, 0, 1, 0));
        assertEquals(200, out.size());
        double sx = 0, sy = 0, sz = 0, sumR = 0;
        int n = 0;
        for (Structure s : out) {
            assertEquals(base.lattice(), s.lattice());
            for (int i = 0; i < s.size(); i++) {
                double dx = s.x(i, 0) - base.x(i, 0);
                double dy = s.x(i, 1) - base.x(i, 1);
                double dz = s.x(i, 2) - base.x(i, 2);
                double r = Math.sqrt(dx * dx + dy * dy + dz * dz);
                assertTrue(r >= 0.1 - 1e-12 && r <= 0.2 + 1e-12, "displacement " + r);
                sx += dx / r;
                sy += dy / r;
                sz += dz / r;
                sumR += r;
                n++;
            }
        }
        // mean unit vector of 1,600 random directions: each component ~ N(0, 1/(3n)) → |mean| < 0.05 comfortably
        assertEquals(0, sx / n, 0.05);
        assertEquals(0, sy / n, 0.05);
        assertEquals(0, sz / n, 0.05);
        assertEquals(0.15, sumR / n, 0.005); // uniform magnitudes: mean (min+max)/2
    }

    @Test
    void seededAndReproducible() {
        Perturbations.Settings settings = new Perturbations.Settings(3, 0.1, 0.2, 0.02, 99, 0);
        List<Structure> a = Perturbations.generate(silicon(), settings);
        List<Structure> b = Perturbations.generate(silicon(), settings);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(a.get(k).positions(), b.get(k).positions(), 0.0);
            assertEquals(a.get(k).lattice(), b.get(k).lattice());
        }
        assertNotEquals(a.get(0).lattice(), a.get(1).lattice());
        List<Structure> c = Perturbations.generate(silicon(), new Perturbations.Settings(3, 0.1, 0.2, 0.02, 100, 0));
        assertNotEquals(a.get(0).positions()[0], c.get(0).positions()[0]);
    }

    @Test
    void strainStaysWithinBounds() {
        Structure base = silicon();
        for (Structure s : Perturbations.generate(base, new Perturbations.Settings(50, 0, 0, 0.02, 5, 0))) {
            // with zero displacement, fractional coordinates are unchanged and lengths change by at most ~√3·ε
            assertArrayEquals(base.fractionalPositions(), s.fractionalPositions(), 1e-12);
            for (int k = 0; k < 3; k++) {
                double ratio = s.lattice().length(k) / base.lattice().length(k);
                assertTrue(Math.abs(ratio - 1) <= 0.02 * Math.sqrt(3) + 1e-12, "length ratio " + ratio);
            }
            double[] m = s.lattice().matrix();
            // symmetric strain of a cubic cell keeps the matrix symmetric
            assertEquals(m[1], m[3], 1e-12);
            assertEquals(m[2], m[6], 1e-12);
            assertEquals(m[5], m[7], 1e-12);
        }
    }

    @Test
    void minimumDistanceCheckRejectsOverlaps() {
        Structure base = silicon(); // nearest neighbours 2.35 Å
        for (Structure s : Perturbations.generate(base, new Perturbations.Settings(20, 0.3, 0.4, 0, 7, 1.9))) {
            assertTrue(MinimumDistance.of(s).distance() >= 1.9);
        }
        assertThrows(IllegalStateException.class,
                () -> Perturbations.generate(base, new Perturbations.Settings(1, 0.1, 0.2, 0, 7, 3.0)));
        assertThrows(IllegalArgumentException.class, () -> new Perturbations.Settings(1, 0.3, 0.2, 0, 1, 0));
    }

    @Test
    void minimumDistanceOfSilicon() {
        MinimumDistance d = MinimumDistance.of(silicon());
        assertEquals(5.43 * Math.sqrt(3) / 4, d.distance(), 1e-12);
        Structure one = new Structure(Lattice.fromParameters(3, 4, 5, 90, 90, 90),
                new Element[] {PeriodicTable.require("Ar")}, new double[] {1, 1, 1});
        assertEquals(3.0, MinimumDistance.of(one).distance(), 1e-12);
    }
}
