package kiseki.descriptor;

import kiseki.structure.Element;
import kiseki.structure.Lattice;
import kiseki.structure.NeighborList;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static kiseki.descriptor.DescriptorFixtures.LI;
import static kiseki.descriptor.DescriptorFixtures.LPS;
import static kiseki.descriptor.DescriptorFixtures.P;
import static kiseki.descriptor.DescriptorFixtures.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values worked out by hand, and against a brute-force reference over explicit periodic images. */
class DescriptorKnownAnswerTest {

    private static double tanhCut(double r, double rc) {
        return r < rc ? Math.pow(Math.tanh(1 - r / rc), 3) : 0;
    }

    private static double cosCut(double r, double rc) {
        return r < rc ? 0.5 * (Math.cos(Math.PI * r / rc) + 1) : 0;
    }

    /** T_n(x) = cos(n·acos x), independent of the recurrence used by the code. */
    private static double cheb(int n, double x) {
        return Math.cos(n * Math.acos(x));
    }

    @Test
    void dimerRadialValuesByHand() {
        double r = 2.7;
        double rc = 6.0;
        Structure dimer = new Structure(null, new Element[] {LI, S}, new double[] {0.3, -0.2, 1.0, 0.3, -0.2, 1.0 + r});
        Descriptor d = Descriptors.create(DescriptorSpec.chebyshev(10, 4, rc), LPS);
        assertEquals(14, d.size());
        assertEquals(6.0, d.cutoff());
        double[] g = DescriptorFixtures.values(d, dimer);
        double fc = Math.pow(Math.tanh(1 - r / rc), 3);
        for (int n = 0; n < 10; n++) {
            double t = cheb(n, 2 * r / rc - 1);
            assertEquals(16 * t * fc, g[n], 1e-13, "Li sees S: G_" + n);
            assertEquals(3 * t * fc, g[14 + n], 1e-13, "S sees Li: G_" + n);
        }
        for (int n = 10; n < 14; n++) {
            assertEquals(0.0, g[n], "a dimer has no angles");
            assertEquals(0.0, g[14 + n]);
        }
        // blocks: weight 1 in the block of the neighbour's element (Li=0, P=1, S=2)
        Descriptor b = Descriptors.create(new DescriptorSpec("chebyshev", 5, 2, rc, rc, "tanh", "blocks", "angle",
                false, List.of(), List.of()), LPS);
        assertEquals(3 * 5 + 6 * 2, b.size());
        double[] gb = DescriptorFixtures.values(b, dimer);
        for (int n = 0; n < 5; n++) {
            double t = cheb(n, 2 * r / rc - 1) * fc;
            assertEquals(0.0, gb[n]);
            assertEquals(0.0, gb[5 + n]);
            assertEquals(t, gb[10 + n], 1e-14, "Li atom, S block");
            assertEquals(t, gb[27 + n], 1e-14, "S atom, Li block");
            assertEquals(0.0, gb[27 + 10 + n]);
        }
    }

    @Test
    void symmetricTrimerAngularValuesByHand() {
        double r = 2.1;
        double theta = Math.toRadians(100);
        double rc = 5.0;
        Structure trimer = trimer(r, theta);
        double d = 2 * r * Math.sin(theta / 2);
        double base = (Math.PI - theta) / 2; // angle at each S
        double fr = tanhCut(r, rc);
        double fd = tanhCut(d, rc);

        Descriptor angle = Descriptors.create(DescriptorSpec.chebyshev(3, 6, rc), LPS);
        double[] g = DescriptorFixtures.values(angle, trimer);
        int m = angle.size();
        for (int n = 0; n < 6; n++) {
            assertEquals(16 * cheb(n, 2 * theta / Math.PI - 1) * fr * fr, g[3 + n], 1e-12, "P centre, G_" + n);
            assertEquals(Math.sqrt(15 * 16) * cheb(n, 2 * base / Math.PI - 1) * fr * fd, g[m + 3 + n], 1e-12,
                    "S end, G_" + n);
        }
        for (int n = 0; n < 3; n++) {
            assertEquals(2 * 16 * cheb(n, 2 * r / rc - 1) * fr, g[n], 1e-12);
        }

        Descriptor cos = Descriptors.create(new DescriptorSpec("chebyshev", 3, 6, rc, rc, "tanh", "element", "cos",
                false, List.of(), List.of()), LPS);
        double[] gc = DescriptorFixtures.values(cos, trimer);
        for (int n = 0; n < 6; n++) {
            assertEquals(16 * cheb(n, Math.cos(theta)) * fr * fr, gc[3 + n], 1e-12, "aenet cos θ argument");
        }

        // Behler narrow (with the r_jk terms) and wide, one triple, λ = +1 then −1
        double eta = 0.07;
        double zeta = 4;
        double rs = 0.4;
        for (boolean narrow : new boolean[] {true, false}) {
            DescriptorSpec spec = new DescriptorSpec("behler", 0, 0, rc, rc, "cosine", "element", "angle", narrow,
                    List.of(new double[] {0.3, 1.0}), List.of(new double[] {eta, zeta, rs}));
            double[] gb = DescriptorFixtures.values(Descriptors.create(spec, LPS), trimer);
            double fcr = cosCut(r, rc);
            double fcd = cosCut(d, rc);
            double radial = Math.exp(-eta * 2 * (r - rs) * (r - rs)) * fcr * fcr;
            if (narrow) {
                radial *= Math.exp(-eta * (d - rs) * (d - rs)) * fcd;
            }
            double plus = Math.pow(2, 1 - zeta) * 16 * Math.pow(1 + Math.cos(theta), zeta) * radial;
            double minus = Math.pow(2, 1 - zeta) * 16 * Math.pow(1 - Math.cos(theta), zeta) * radial;
            assertEquals(2 * 16 * Math.exp(-0.3 * (r - 1) * (r - 1)) * fcr, gb[0], 1e-12, "G2");
            assertEquals(plus, gb[1], 1e-12, "λ=+1 narrow=" + narrow);
            assertEquals(minus, gb[2], 1e-12, "λ=−1 narrow=" + narrow);
        }
    }

    /** P at the origin, two S at distance r with the angle θ between them. */
    private static Structure trimer(double r, double theta) {
        return new Structure(null, new Element[] {P, S, S}, new double[] {0, 0, 0, r, 0, 0,
                r * Math.cos(theta), r * Math.sin(theta), 0});
    }

    /** Against a straightforward reference over explicit images, in cells smaller than twice the cutoff. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kiseki.descriptor.DescriptorFixtures#variants")
    void smallCellsCountSelfImages(DescriptorFixtures.Variant variant) {
        Lattice cell = Lattice.fromParameters(2.7, 3.0, 3.3, 82, 97, 104);
        Structure s = new Structure(cell, new Element[] {LI, S, P}, new double[] {0.1, 0.2, 0.3, 1.6, 1.1, 1.4,
                0.2, 1.9, 2.6});
        Descriptor d = variant.create();
        double[] g = DescriptorFixtures.values(d, s);
        int m = d.size();
        double scale = 0;
        for (double v : g) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < s.size(); i++) {
            double[] expected = reference(variant.spec(), s, i);
            assertEquals(m, expected.length);
            for (int f = 0; f < m; f++) {
                assertEquals(expected[f], g[i * m + f], 1e-11 * scale, variant + ": atom " + i + " function " + f);
            }
        }
    }

    @Test
    void singleAtomCellSeesOnlyItsOwnImages() {
        Structure s = new Structure(Lattice.orthorhombic(2.5, 2.5, 2.5), new Element[] {LI}, new double[3]);
        Descriptor d = Descriptors.create(DescriptorSpec.chebyshev(6, 4, 6.0), List.of(LI));
        double[] g = DescriptorFixtures.values(d, s);
        double[] expected = reference(d.spec(), s, 0);
        for (int f = 0; f < d.size(); f++) {
            assertEquals(expected[f], g[f], 1e-10 * Math.abs(expected[0]));
        }
        assertTrue(g[0] > 3 * 20 * 1e-3, "dozens of self images contribute");
    }

    // ------------------------------------------------------------------------------------------------ reference

    private record Neighbour(double[] v, double r, Element e) {
    }

    private static double[] reference(DescriptorSpec spec, Structure s, int i) {
        boolean blocks = spec.weighting().equals("blocks");
        boolean tanh = spec.cutoffFunction().equals("tanh");
        boolean behler = spec.type().equals("behler");
        double rcR = spec.rcutRadial();
        double rcA = spec.rcutAngular();
        int ne = blocks ? LPS.size() : 1;
        int nb = blocks ? ne * (ne + 1) / 2 : 1;
        int nr = behler ? spec.radialParams().size() : spec.radial();
        int na = behler ? 2 * spec.angularParams().size() : spec.angular();
        double[] g = new double[ne * nr + nb * na];
        List<Neighbour> nbs = new ArrayList<>();
        double rc = Math.max(nr > 0 ? rcR : 0, na > 0 ? rcA : 0);
        double[] m = s.lattice().matrix();
        int reach = 4;
        for (int j = 0; j < s.size(); j++) {
            for (int a = -reach; a <= reach; a++) {
                for (int b = -reach; b <= reach; b++) {
                    for (int c = -reach; c <= reach; c++) {
                        double[] v = new double[3];
                        for (int k = 0; k < 3; k++) {
                            v[k] = s.x(j, k) - s.x(i, k) + a * m[k] + b * m[3 + k] + c * m[6 + k];
                        }
                        double r = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
                        if (r > 1e-9 && r < rc) {
                            nbs.add(new Neighbour(v, r, s.element(j)));
                        }
                    }
                }
            }
        }
        for (Neighbour n : nbs) {
            if (nr == 0 || n.r >= rcR) {
                continue;
            }
            double fc = tanh ? tanhCut(n.r, rcR) : cosCut(n.r, rcR);
            int block = blocks ? LPS.indexOf(n.e) : 0;
            double w = blocks ? 1 : n.e.z();
            for (int f = 0; f < nr; f++) {
                double basis = behler
                        ? Math.exp(-spec.radialParams().get(f)[0] * Math.pow(n.r - spec.radialParams().get(f)[1], 2))
                        : cheb(f, 2 * n.r / rcR - 1);
                g[block * nr + f] += w * basis * fc;
            }
        }
        for (int a = 0; a < nbs.size(); a++) {
            for (int b = a + 1; b < nbs.size(); b++) {
                Neighbour p = nbs.get(a);
                Neighbour q = nbs.get(b);
                if (na == 0 || p.r >= rcA || q.r >= rcA) {
                    continue;
                }
                double cos = (p.v[0] * q.v[0] + p.v[1] * q.v[1] + p.v[2] * q.v[2]) / (p.r * q.r);
                cos = Math.max(-1, Math.min(1, cos));
                double fc = tanh ? tanhCut(p.r, rcA) * tanhCut(q.r, rcA) : cosCut(p.r, rcA) * cosCut(q.r, rcA);
                int ia = LPS.indexOf(p.e);
                int ib = LPS.indexOf(q.e);
                int block = blocks ? blockIndex(Math.min(ia, ib), Math.max(ia, ib)) : 0;
                double w = blocks ? 1 : Math.sqrt(p.e.z() * q.e.z());
                int o = ne * nr + block * na;
                if (!behler) {
                    // θ from atan2(|p×q|, p·q), accurate also for collinear images (θ = π)
                    double cx = p.v[1] * q.v[2] - p.v[2] * q.v[1];
                    double cy = p.v[2] * q.v[0] - p.v[0] * q.v[2];
                    double cz = p.v[0] * q.v[1] - p.v[1] * q.v[0];
                    double theta = Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz),
                            p.v[0] * q.v[0] + p.v[1] * q.v[1] + p.v[2] * q.v[2]);
                    double x = spec.angleArgument().equals("cos") ? cos : 2 * theta / Math.PI - 1;
                    for (int f = 0; f < na; f++) {
                        g[o + f] += w * cheb(f, x) * fc;
                    }
                    continue;
                }
                double rjk = Math.sqrt(Math.pow(q.v[0] - p.v[0], 2) + Math.pow(q.v[1] - p.v[1], 2)
                        + Math.pow(q.v[2] - p.v[2], 2));
                for (int t = 0; t < na / 2; t++) {
                    double[] par = spec.angularParams().get(t);
                    double eta = par[0];
                    double zeta = par[1];
                    double rs = par[2];
                    double radial = Math.exp(-eta * (Math.pow(p.r - rs, 2) + Math.pow(q.r - rs, 2))) * fc;
                    if (spec.behlerNarrow()) {
                        radial *= Math.exp(-eta * Math.pow(rjk - rs, 2))
                                * (tanh ? tanhCut(rjk, rcA) : cosCut(rjk, rcA));
                    }
                    g[o + 2 * t] += w * Math.pow(2, 1 - zeta) * Math.pow(1 + cos, zeta) * radial;
                    g[o + 2 * t + 1] += w * Math.pow(2, 1 - zeta) * Math.pow(1 - cos, zeta) * radial;
                }
            }
        }
        return g;
    }

    /** (0,0)=0, (0,1)=1, (0,2)=2, (1,1)=3, (1,2)=4, (2,2)=5 for three elements. */
    private static int blockIndex(int a, int b) {
        int k = 0;
        for (int x = 0; x < 3; x++) {
            for (int y = x; y < 3; y++) {
                if (x == a && y == b) {
                    return k;
                }
                k++;
            }
        }
        throw new IllegalStateException();
    }

    // ------------------------------------------------------------------------------------------------ factory

    @Test
    void factoryChecksItsInput() {
        assertThrows(IllegalArgumentException.class, () -> Descriptors.create(new DescriptorSpec("soap", 1, 1, 5, 5,
                "tanh", "element", "angle", false, List.of(), List.of()), LPS));
        assertThrows(IllegalArgumentException.class, () -> Descriptors.create(new DescriptorSpec("chebyshev", 4, 4, 5,
                5, "gauss", "element", "angle", false, List.of(), List.of()), LPS));
        assertThrows(IllegalArgumentException.class, () -> Descriptors.create(new DescriptorSpec("chebyshev", 4, 4, 5,
                5, "tanh", "element", "sin", false, List.of(), List.of()), LPS));
        assertThrows(IllegalArgumentException.class, () -> Descriptors.create(new DescriptorSpec("chebyshev", 4, 4, -5,
                5, "tanh", "element", "angle", false, List.of(), List.of()), LPS));
        assertThrows(IllegalArgumentException.class, () -> Descriptors.create(new DescriptorSpec("chebyshev", 4, 4, 5,
                5, "tanh", "blocks", "angle", false, List.of(), List.of()), List.of()));
        assertThrows(IllegalArgumentException.class, () -> Descriptors.create(new DescriptorSpec("chebyshev", 0, 0, 5,
                5, "tanh", "element", "angle", false, List.of(), List.of()), LPS));
        assertThrows(IllegalArgumentException.class, () -> Descriptors.create(new DescriptorSpec("behler", 0, 0, 5, 5,
                "tanh", "element", "angle", false, List.of(new double[] {1.0}), List.of()), LPS));
        assertThrows(IllegalArgumentException.class, () -> Descriptors.create(new DescriptorSpec("behler", 0, 0, 5, 5,
                "tanh", "element", "angle", false, List.of(), List.of(new double[] {0.1, 0.5, 0})), LPS));
    }

    @Test
    void elementWeightingAcceptsAnyElementBlocksDoNot() {
        Element o = PeriodicTable.require("O");
        Structure dimer = new Structure(null, new Element[] {LI, o}, new double[] {0, 0, 0, 0, 0, 2});
        Descriptor element = Descriptors.create(DescriptorSpec.chebyshev(4, 2, 5), LPS);
        double[] g = DescriptorFixtures.values(element, dimer);
        assertEquals(8 * tanhCut(2, 5), g[0], 1e-14);
        Descriptor blocks = Descriptors.create(new DescriptorSpec("chebyshev", 4, 2, 5, 5, "tanh", "blocks", "angle",
                false, List.of(), List.of()), LPS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DescriptorFixtures.values(blocks, dimer));
        assertTrue(e.getMessage().contains("O"), e.getMessage());
        // overlapping atoms are an error, not NaN
        Structure overlap = new Structure(null, new Element[] {LI, S}, new double[] {1, 1, 1, 1, 1, 1});
        assertThrows(IllegalArgumentException.class, () -> DescriptorFixtures.values(element, overlap));
        // a neighbour list shorter than the cutoff is refused
        assertThrows(IllegalArgumentException.class, () -> element.values(dimer, NeighborList.full(dimer, 3.0), 0, 2,
                new double[2 * element.size()]));
    }

    @Test
    void behlerDefaultSetForTheCommandLine() {
        DescriptorSpec spec = Descriptors.spec("behler", 20, 10, 6.0);
        assertEquals(20, spec.radialParams().size());
        assertEquals(10, spec.angularParams().size());
        Descriptor d = Descriptors.create(spec, LPS);
        assertEquals(20 + 2 * 10, d.size());
        double eta0 = 0.25 / 36;
        assertEquals(eta0, spec.radialParams().get(0)[0], 1e-15);
        assertEquals(64 * eta0, spec.radialParams().get(19)[0], 1e-12);
        assertEquals(0.0, spec.radialParams().get(7)[1]);
        double[] zetas = {1, 2, 4, 16, 1, 2, 4, 16, 1, 2};
        for (int t = 0; t < 10; t++) {
            assertEquals(zetas[t], spec.angularParams().get(t)[1]);
            assertEquals(eta0 * Math.pow(4, t / 4), spec.angularParams().get(t)[0], 1e-15);
        }
        assertEquals("chebyshev", Descriptors.spec("chebyshev", 50, 30, 6.0).type());
        assertEquals(80, Descriptors.create(Descriptors.spec("chebyshev", 50, 30, 6.0), LPS).size());
        assertThrows(IllegalArgumentException.class, () -> Descriptors.spec("behler", 0, 0, 6.0));
    }
}
