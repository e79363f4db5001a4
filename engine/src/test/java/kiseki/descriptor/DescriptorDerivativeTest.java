package kiseki.descriptor;

import kiseki.structure.Lattice;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Analytic derivatives against central finite differences, {@code backward} against the contraction of the stored
 * derivatives, and the virial against finite strain, for every descriptor type and option.
 */
class DescriptorDerivativeTest {

    static List<DescriptorFixtures.Variant> variants() {
        return DescriptorFixtures.variants();
    }

    /** Moving each atom by ±1e-5 Å changes G as the entry derivatives say (−∂/∂r_ij for i, +∂/∂r_ij for j). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void positionDerivativesMatchFiniteDifferences(DescriptorFixtures.Variant variant) {
        Descriptor d = variant.create();
        Structure s = DescriptorFixtures.randomCell(11, 7);
        int n = s.size();
        int m = d.size();
        // a list with a skin, refreshed after each displacement: entries beyond the cutoff must be ignored
        NeighborList nl = NeighborList.full(s, d.cutoff() + 0.7);
        double[] g = new double[n * m];
        double[] analytic = DescriptorFixtures.positionDerivatives(d, s, nl, g);
        double scale = 0;
        for (double v : analytic) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0, "derivatives are all zero");
        double h = 1e-5;
        double[] gp = new double[n * m];
        double[] gm = new double[n * m];
        double[] pos = s.positions();
        double worst = 0;
        String where = "";
        for (int a = 0; a < n; a++) {
            for (int c = 0; c < 3; c++) {
                double x0 = pos[3 * a + c];
                pos[3 * a + c] = x0 + h;
                nl.refresh(s);
                d.values(s, nl, 0, n, gp);
                pos[3 * a + c] = x0 - h;
                nl.refresh(s);
                d.values(s, nl, 0, n, gm);
                pos[3 * a + c] = x0;
                nl.refresh(s);
                for (int i = 0; i < n; i++) {
                    for (int f = 0; f < m; f++) {
                        double fd = (gp[i * m + f] - gm[i * m + f]) / (2 * h);
                        double an = analytic[(i * m + f) * 3 * n + 3 * a + c];
                        double err = Math.abs(fd - an) / (Math.abs(an) + 1e-3 * scale);
                        if (err > worst) {
                            worst = err;
                            where = "G[" + i + "][" + f + "] / x[" + a + "][" + c + "]: fd " + fd + " analytic " + an;
                        }
                    }
                }
            }
        }
        if (worst > 2e-6) {
            fail(variant + ": relative error " + worst + " at " + where);
        }
        // values from valuesAndDerivatives equal values()
        double[] g2 = new double[n * m];
        d.values(s, nl, 0, n, g2);
        for (int k = 0; k < g.length; k++) {
            assertEquals(g2[k], g[k], 1e-12 * (1 + Math.abs(g[k])), "value " + k);
        }
    }

    /** backward(∂E/∂G) equals Σ_n ∂E/∂G_in ∂G_in/∂r_ij, here on a sub-range of atoms. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void backwardEqualsContractionOfDerivatives(DescriptorFixtures.Variant variant) {
        Descriptor d = variant.create();
        Structure s = DescriptorFixtures.randomCell(23, 8);
        int n = s.size();
        int m = d.size();
        NeighborList nl = NeighborList.full(s, d.cutoff() + 0.3);
        int from = 2;
        int to = 7;
        int entryBase = nl.start(from);
        int entries = nl.end(to - 1) - entryBase;
        double[] g = new double[(to - from) * m];
        double[] dg = new double[entries * m * 3];
        d.valuesAndDerivatives(s, nl, from, to, g, dg);
        Random rnd = new Random(5);
        double[] dEdG = new double[(to - from) * m];
        for (int k = 0; k < dEdG.length; k++) {
            dEdG[k] = rnd.nextGaussian();
        }
        double[] dEdr = new double[3 * nl.size()];
        d.backward(s, nl, from, to, dEdG, dEdr);
        double scale = 0;
        double[] expected = new double[3 * nl.size()];
        for (int i = from; i < to; i++) {
            for (int k = nl.start(i); k < nl.end(i); k++) {
                for (int c = 0; c < 3; c++) {
                    double sum = 0;
                    for (int f = 0; f < m; f++) {
                        sum += dEdG[(i - from) * m + f] * dg[((k - entryBase) * m + f) * 3 + c];
                    }
                    expected[3 * k + c] = sum;
                    scale = Math.max(scale, Math.abs(sum));
                }
            }
        }
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], dEdr[k], 1e-11 * scale, variant + ": entry component " + k);
        }
        assertTrue(scale > 0);
    }

    /**
     * The virial W = −Σ r_ij ⊗ ∂E/∂r_ij from backward equals −∂E/∂ε for E = Σ_i Σ_n c_n G_in (random c), checked by
     * straining cell and atoms together.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void virialMatchesFiniteStrain(DescriptorFixtures.Variant variant) {
        Descriptor d = variant.create();
        Structure s = DescriptorFixtures.randomCell(31, 7);
        int n = s.size();
        int m = d.size();
        Random rnd = new Random(9);
        double[] coef = new double[m];
        for (int f = 0; f < m; f++) {
            coef[f] = rnd.nextGaussian();
        }
        double[] dEdG = new double[n * m];
        for (int i = 0; i < n; i++) {
            System.arraycopy(coef, 0, dEdG, i * m, m);
        }
        NeighborList nl = NeighborList.full(s, d.cutoff());
        double[] dEdr = new double[3 * nl.size()];
        d.backward(s, nl, 0, n, dEdG, dEdr);
        double[] w = new double[9];
        for (int k = 0; k < nl.size(); k++) {
            double[] r = {nl.dx(k), nl.dy(k), nl.dz(k)};
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    w[3 * a + b] -= r[a] * dEdr[3 * k + b];
                }
            }
        }
        double h = 1e-6;
        double scale = 0;
        for (double v : w) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int a = 0; a < 3; a++) {
            for (int b = a; b < 3; b++) {
                double[] eps = new double[9];
                eps[3 * a + b] += 0.5 * h;
                eps[3 * b + a] += 0.5 * h;
                double ep = energy(d, strained(s, eps, 1), coef);
                double em = energy(d, strained(s, eps, -1), coef);
                double dEde = (ep - em) / (2 * h);
                double expected = -0.5 * (w[3 * a + b] + w[3 * b + a]);
                assertEquals(expected, dEde, 2e-6 * scale, variant + ": ∂E/∂ε[" + a + "][" + b + "]");
            }
        }
        // the virial of a rotation-invariant energy is symmetric
        assertEquals(w[1], w[3], 1e-9 * scale);
        assertEquals(w[2], w[6], 1e-9 * scale);
        assertEquals(w[5], w[7], 1e-9 * scale);
    }

    private static Structure strained(Structure s, double[] eps, int sign) {
        double[] e = new double[9];
        for (int k = 0; k < 9; k++) {
            e[k] = sign * eps[k];
        }
        Lattice l = s.lattice().strained(e);
        return Structure.fromFractional(l, s.species(), s.fractionalPositions());
    }

    private static double energy(Descriptor d, Structure s, double[] coef) {
        double[] g = DescriptorFixtures.values(d, s);
        double e = 0;
        int m = coef.length;
        for (int k = 0; k < g.length; k++) {
            e += coef[k % m] * g[k];
        }
        return e;
    }
}
