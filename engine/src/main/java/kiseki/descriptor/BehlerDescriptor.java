package kiseki.descriptor;

import kiseki.structure.Element;

import java.util.ArrayList;
import java.util.List;

/**
 * Weighted Behler–Parrinello symmetry functions (see docs/conventions.md):
 * <pre>
 *   G2        = Σ_j w_j exp(−η (r_ij − Rs)²) fc(r_ij)                                   per (η, Rs)
 *   G3 / G4   = 2^(1−ζ) Σ_{j&lt;k} w_jk (1 + λ cos θ_ijk)^ζ exp(−η[(r_ij−Rs)² + (r_ik−Rs)² (+ (r_jk−Rs)²)])
 *               · fc(r_ij) fc(r_ik) (· fc(r_jk))                                           per (η, ζ, Rs), λ = +1 then −1
 * </pre>
 * The bracketed r_jk terms (r_jk = |r_ik − r_ij|, with the angular cutoff) make Behler's "narrow" G3 (NeuralMD G3);
 * without them the "wide" G4. Weighting and block layout as in {@link ChebyshevDescriptor}; per angular block the
 * functions are ordered triple by triple, λ = +1 before λ = −1.
 */
public final class BehlerDescriptor extends AtomCentredDescriptor {

    private final double[] radialEta;
    private final double[] radialRs;
    private final double[] angularEta;
    private final double[] angularZeta;
    private final double[] angularRs;
    private final boolean narrow;
    /** Per angular triple: index of its distinct (η, Rs), the exponential it shares with other triples. */
    private final int[] expGroup;
    private final double[] groupEta;
    private final double[] groupRs;
    /** Per angular triple: index of its distinct ζ; the distinct ζ values. */
    private final int[] zetaGroup;
    private final double[] distinctZeta;
    private final int[] distinctZetaInt;
    private final double[] prefactor;

    public BehlerDescriptor(DescriptorSpec spec, List<Element> elements) {
        super(check(spec), elements, spec.radialParams().size(), 2 * spec.angularParams().size());
        int nRad = spec.radialParams().size();
        int nAng = spec.angularParams().size();
        radialEta = new double[nRad];
        radialRs = new double[nRad];
        for (int f = 0; f < nRad; f++) {
            radialEta[f] = spec.radialParams().get(f)[0];
            radialRs[f] = spec.radialParams().get(f)[1];
        }
        angularEta = new double[nAng];
        angularZeta = new double[nAng];
        angularRs = new double[nAng];
        prefactor = new double[nAng];
        expGroup = new int[nAng];
        List<double[]> distinct = new ArrayList<>();
        for (int t = 0; t < nAng; t++) {
            double[] par = spec.angularParams().get(t);
            angularEta[t] = par[0];
            angularZeta[t] = par[1];
            angularRs[t] = par[2];
            double z = par[1];
            prefactor[t] = Math.pow(2.0, 1.0 - z);
            int found = -1;
            for (int q = 0; q < distinct.size(); q++) {
                if (distinct.get(q)[0] == par[0] && distinct.get(q)[1] == par[2]) {
                    found = q;
                }
            }
            if (found < 0) {
                found = distinct.size();
                distinct.add(new double[] {par[0], par[2]});
            }
            expGroup[t] = found;
        }
        List<Double> zetas = new ArrayList<>();
        zetaGroup = new int[nAng];
        for (int t = 0; t < nAng; t++) {
            int found = zetas.indexOf(angularZeta[t]);
            if (found < 0) {
                found = zetas.size();
                zetas.add(angularZeta[t]);
            }
            zetaGroup[t] = found;
        }
        distinctZeta = new double[zetas.size()];
        distinctZetaInt = new int[zetas.size()];
        for (int z = 0; z < zetas.size(); z++) {
            double v = zetas.get(z);
            distinctZeta[z] = v;
            distinctZetaInt[z] = v == Math.rint(v) && v <= 1024 ? (int) v : -1;
        }
        groupEta = new double[distinct.size()];
        groupRs = new double[distinct.size()];
        for (int q = 0; q < distinct.size(); q++) {
            groupEta[q] = distinct.get(q)[0];
            groupRs[q] = distinct.get(q)[1];
        }
        narrow = spec.behlerNarrow();
    }

    private static DescriptorSpec check(DescriptorSpec spec) {
        if (spec.radialParams() == null || spec.angularParams() == null) {
            throw new IllegalArgumentException("a Behler descriptor needs radialParams and angularParams lists");
        }
        for (double[] p : spec.radialParams()) {
            if (p == null || p.length != 2) {
                throw new IllegalArgumentException("each Behler radial function needs {eta, rs}");
            }
            requireParam(p[0] >= 0, "eta", p[0]);
            requireParam(Double.isFinite(p[1]) && p[1] >= 0, "rs", p[1]);
        }
        for (double[] p : spec.angularParams()) {
            if (p == null || p.length != 3) {
                throw new IllegalArgumentException("each Behler angular function needs {eta, zeta, rs}");
            }
            requireParam(p[0] >= 0, "eta", p[0]);
            requireParam(p[1] >= 1, "zeta (at least 1, so that the function is differentiable)", p[1]);
            requireParam(Double.isFinite(p[2]) && p[2] >= 0, "rs", p[2]);
        }
        if (!spec.radialParams().isEmpty()) {
            Descriptors.requireCutoff(spec.rcutRadial(), "radial");
        }
        if (!spec.angularParams().isEmpty()) {
            Descriptors.requireCutoff(spec.rcutAngular(), "angular");
        }
        return spec;
    }

    private static void requireParam(boolean ok, String what, double value) {
        if (!ok || Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("invalid Behler parameter " + what + " = " + value);
        }
    }

    /**
     * A default parameter set: {@code radial} G2 with Rs = 0 and η on a geometric grid from 0.25/Rc² to 16/Rc²
     * (Gaussian widths from twice the cutoff down to a quarter of it), and {@code angular} (η, ζ, Rs) triples, each
     * giving λ = ±1, with ζ cycling through 1, 2, 4, 16 and η = 0.25/Rc² · 4^m for the m-th cycle, Rs = 0.
     */
    public static DescriptorSpec defaultSpec(int radial, int angular, double rcut, boolean narrow) {
        Descriptors.requireCutoff(rcut, "Behler");
        if (radial < 0 || angular < 0 || radial + angular == 0) {
            throw new IllegalArgumentException("a Behler descriptor needs a positive number of functions, got "
                    + radial + " radial and " + angular + " angular");
        }
        double eta0 = 0.25 / (rcut * rcut);
        List<double[]> rad = new ArrayList<>();
        for (int m = 0; m < radial; m++) {
            double eta = radial == 1 ? eta0 * 8 : eta0 * Math.pow(64.0, m / (double) (radial - 1));
            rad.add(new double[] {eta, 0.0});
        }
        double[] zetas = {1, 2, 4, 16};
        List<double[]> ang = new ArrayList<>();
        for (int m = 0; m < angular; m++) {
            ang.add(new double[] {eta0 * Math.pow(4.0, m / 4), zetas[m % 4], 0.0});
        }
        return new DescriptorSpec("behler", radial, angular, rcut, rcut, "tanh", "element", "angle", narrow,
                List.copyOf(rad), List.copyOf(ang));
    }

    public boolean narrow() {
        return narrow;
    }

    @Override
    Workspace newWorkspace() {
        return new BehlerWorkspace(groups, angularBlocks, size, groupEta.length, distinctZeta.length);
    }

    /** Per angular neighbour and distinct (η, Rs): E = exp(−η(r−Rs)²)·fc and its derivative dE/dr. */
    static final class BehlerWorkspace extends Workspace {
        final int groupsEta;
        double[] ef = new double[0];
        double[] def = new double[0];
        final double[] pairE;
        final double[] pairDE;
        /** Per pair: (1 ± cos θ)^(ζ−1) for each distinct ζ. */
        final double[] powPlus;
        final double[] powMinus;
        final double[] jkCut = new double[1];
        final double[] pairR;
        final double[] jkDcut = new double[1];

        BehlerWorkspace(int groups, int angularBlocks, int size, int groupsEta, int zetas) {
            super(groups, angularBlocks, size);
            this.groupsEta = groupsEta;
            pairE = new double[groupsEta];
            pairDE = new double[groupsEta];
            pairR = new double[groupsEta];
            powPlus = new double[zetas];
            powMinus = new double[zetas];
        }

        @Override
        void grownNeighbours(int cap) {
            ef = new double[cap * groupsEta];
            def = new double[cap * groupsEta];
        }
    }

    /** Fills E·fc and d(E·fc)/dr per angular neighbour and distinct (η, Rs). */
    private void prepareAngular(BehlerWorkspace w) {
        int ng = groupEta.length;
        for (int q = 0; q < w.nA; q++) {
            double r = w.aR[q];
            double f = w.aFc[q];
            double df = w.aDfc[q];
            for (int m = 0; m < ng; m++) {
                double dr = r - groupRs[m];
                double e = Math.exp(-groupEta[m] * dr * dr);
                w.ef[q * ng + m] = e * f;
                w.def[q * ng + m] = e * (df - 2.0 * groupEta[m] * dr * f);
            }
        }
    }

    /**
     * Fills (1 ± cos θ)^(ζ−1) for each distinct ζ, bases clamped at 0 against rounding; integer ζ by binary
     * exponentiation of both bases together.
     */
    private void powers(BehlerWorkspace w, double cos) {
        double bp = Math.max(1.0 + cos, 0.0);
        double bm = Math.max(1.0 - cos, 0.0);
        for (int z = 0; z < distinctZeta.length; z++) {
            int n = distinctZetaInt[z] - 1;
            if (n >= 0) {
                double rp = 1.0;
                double rm = 1.0;
                double xp = bp;
                double xm = bm;
                while (n > 0) {
                    if ((n & 1) != 0) {
                        rp *= xp;
                        rm *= xm;
                    }
                    xp *= xp;
                    xm *= xm;
                    n >>= 1;
                }
                w.powPlus[z] = rp;
                w.powMinus[z] = rm;
            } else {
                w.powPlus[z] = Math.pow(bp, distinctZeta[z] - 1.0);
                w.powMinus[z] = Math.pow(bm, distinctZeta[z] - 1.0);
            }
        }
    }

    /**
     * The r_jk factor of a pair for the narrow variant: fills pairE[m] = exp(−η(r_jk−Rs)²) fc(r_jk) and pairDE[m] =
     * its r_jk derivative; returns r_jk, or −1 when r_jk is beyond the cutoff (the pair contributes nothing).
     */
    private double pairFactor(BehlerWorkspace w, int j, int k) {
        double dx = w.aX[k] - w.aX[j];
        double dy = w.aY[k] - w.aY[j];
        double dz = w.aZ[k] - w.aZ[j];
        double rjk = Math.sqrt(dx * dx + dy * dy + dz * dz);
        if (!(rjk < rcAngular)) {
            return -1.0;
        }
        angularCut.evaluate(rjk, w.jkCut, w.jkDcut, 0);
        double f = w.jkCut[0];
        double df = w.jkDcut[0];
        for (int m = 0; m < groupEta.length; m++) {
            double d = rjk - groupRs[m];
            double e = Math.exp(-groupEta[m] * d * d);
            w.pairE[m] = e * f;
            w.pairDE[m] = e * (df - 2.0 * groupEta[m] * d * f);
        }
        return rjk;
    }

    // ------------------------------------------------------------------------------------------------ values

    @Override
    void atomValues(Workspace ws, double[] g, int base) {
        BehlerWorkspace w = (BehlerWorkspace) ws;
        int nRad = radialEta.length;
        for (int e = 0; e < groups && radialOn; e++) {
            int o = base + e * nRad;
            for (int q = w.rStart[e]; q < w.rStart[e + 1]; q++) {
                double r = w.rR[q];
                double wf = w.rW[q] * w.rFc[q];
                for (int f = 0; f < nRad; f++) {
                    double d = r - radialRs[f];
                    g[o + f] += wf * Math.exp(-radialEta[f] * d * d);
                }
            }
        }
        if (!angularOn || w.nA < 2) {
            return;
        }
        buildPairs(w);
        prepareAngular(w);
        int nAng = angularEta.length;
        int ng = groupEta.length;
        double[] ef = w.ef;
        double[] pairE = w.pairE;
        double[] radial = w.pairR;
        double[] powPlus = w.powPlus;
        double[] powMinus = w.powMinus;
        for (int b = 0; b < angularBlocks; b++) {
            int o = base + radialSize + b * angularPerBlock;
            for (int p = w.pairStart[b]; p < w.pairStart[b + 1]; p++) {
                int j = w.pJ[p];
                int k = w.pK[p];
                if (narrow && pairFactor(w, j, k) < 0) {
                    continue;
                }
                double cos = w.pCos[p];
                double wjk = w.aW[j] * w.aW[k];
                powers(w, cos);
                double bp = Math.max(1.0 + cos, 0.0);
                double bm = Math.max(1.0 - cos, 0.0);
                for (int z = 0; z < powPlus.length; z++) {
                    powPlus[z] *= bp;
                    powMinus[z] *= bm;
                }
                for (int m = 0; m < ng; m++) {
                    radial[m] = wjk * ef[j * ng + m] * ef[k * ng + m] * (narrow ? pairE[m] : 1.0);
                }
                for (int t = 0; t < nAng; t++) {
                    double r = prefactor[t] * radial[expGroup[t]];
                    int z = zetaGroup[t];
                    g[o + 2 * t] += r * powPlus[z];
                    g[o + 2 * t + 1] += r * powMinus[z];
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ backward

    @Override
    void atomBackward(Workspace ws, double[] dEdG, int base, double[] dEdr) {
        BehlerWorkspace w = (BehlerWorkspace) ws;
        int nRad = radialEta.length;
        for (int e = 0; e < groups && radialOn; e++) {
            int o = base + e * nRad;
            for (int q = w.rStart[e]; q < w.rStart[e + 1]; q++) {
                double r = w.rR[q];
                double f0 = w.rFc[q];
                double df0 = w.rDfc[q];
                double s = 0.0;
                for (int f = 0; f < nRad; f++) {
                    double d = r - radialRs[f];
                    double ex = Math.exp(-radialEta[f] * d * d);
                    s += dEdG[o + f] * ex * (df0 - 2.0 * radialEta[f] * d * f0);
                }
                s *= w.rW[q];
                int en = 3 * w.rEntry[q];
                dEdr[en] += s * w.rUx[q];
                dEdr[en + 1] += s * w.rUy[q];
                dEdr[en + 2] += s * w.rUz[q];
            }
        }
        if (!angularOn || w.nA < 2) {
            return;
        }
        buildPairs(w);
        prepareAngular(w);
        clearAngularGradients(w);
        int nAng = angularEta.length;
        int ng = groupEta.length;
        for (int b = 0; b < angularBlocks; b++) {
            int o = base + radialSize + b * angularPerBlock;
            for (int p = w.pairStart[b]; p < w.pairStart[b + 1]; p++) {
                int j = w.pJ[p];
                int k = w.pK[p];
                double rjk = narrow ? pairFactor(w, j, k) : 0.0;
                if (rjk < 0) {
                    continue;
                }
                double cos = w.pCos[p];
                double wjk = w.aW[j] * w.aW[k];
                double dEdCos = 0.0;
                double dEdRj = 0.0;
                double dEdRk = 0.0;
                double dEdRjk = 0.0;
                powers(w, cos);
                double bp = Math.max(1.0 + cos, 0.0);
                double bm = Math.max(1.0 - cos, 0.0);
                for (int t = 0; t < nAng; t++) {
                    int m = expGroup[t];
                    int z = zetaGroup[t];
                    double ej = w.ef[j * ng + m];
                    double ek = w.ef[k * ng + m];
                    double ejk = narrow ? w.pairE[m] : 1.0;
                    double pre = wjk * prefactor[t];
                    double qp = w.powPlus[z];
                    double qm = w.powMinus[z];
                    double gp = dEdG[o + 2 * t];
                    double gm = dEdG[o + 2 * t + 1];
                    double angular = gp * qp * bp + gm * qm * bm;
                    double dAngular = angularZeta[t] * (gp * qp - gm * qm);
                    double radial = pre * ej * ek * ejk;
                    dEdCos += radial * dAngular;
                    double pa = pre * angular;
                    dEdRj += pa * w.def[j * ng + m] * ek * ejk;
                    dEdRk += pa * ej * w.def[k * ng + m] * ejk;
                    if (narrow) {
                        dEdRjk += pa * ej * ek * w.pairDE[m];
                    }
                }
                addPairGradient(w, j, k, cos, dEdCos, dEdRj, dEdRk);
                if (narrow && dEdRjk != 0.0) {
                    addJkGradient(w, j, k, rjk, dEdRjk);
                }
            }
        }
        flushAngularGradients(w, dEdr);
    }

    /** r_jk = r_ik − r_ij: ∂/∂r_ik = +e_jk, ∂/∂r_ij = −e_jk. */
    private static void addJkGradient(Workspace w, int j, int k, double rjk, double dEdRjk) {
        double s = dEdRjk / rjk;
        double gx = s * (w.aX[k] - w.aX[j]);
        double gy = s * (w.aY[k] - w.aY[j]);
        double gz = s * (w.aZ[k] - w.aZ[j]);
        w.aGx[k] += gx;
        w.aGy[k] += gy;
        w.aGz[k] += gz;
        w.aGx[j] -= gx;
        w.aGy[j] -= gy;
        w.aGz[j] -= gz;
    }

    // ------------------------------------------------------------------------------------------------ derivatives

    @Override
    void atomDerivatives(Workspace ws, double[] g, int base, double[] dg, int entryBase) {
        BehlerWorkspace w = (BehlerWorkspace) ws;
        int nRad = radialEta.length;
        for (int e = 0; e < groups && radialOn; e++) {
            int o = e * nRad;
            for (int q = w.rStart[e]; q < w.rStart[e + 1]; q++) {
                double r = w.rR[q];
                double wq = w.rW[q];
                double f0 = w.rFc[q];
                double df0 = w.rDfc[q];
                int row = ((w.rEntry[q] - entryBase) * size + o) * 3;
                for (int f = 0; f < nRad; f++) {
                    double d = r - radialRs[f];
                    double ex = Math.exp(-radialEta[f] * d * d);
                    g[base + o + f] += wq * ex * f0;
                    double s = wq * ex * (df0 - 2.0 * radialEta[f] * d * f0);
                    dg[row + 3 * f] += s * w.rUx[q];
                    dg[row + 3 * f + 1] += s * w.rUy[q];
                    dg[row + 3 * f + 2] += s * w.rUz[q];
                }
            }
        }
        if (!angularOn || w.nA < 2) {
            return;
        }
        buildPairs(w);
        prepareAngular(w);
        int nAng = angularEta.length;
        int ng = groupEta.length;
        for (int b = 0; b < angularBlocks; b++) {
            int o = radialSize + b * angularPerBlock;
            for (int p = w.pairStart[b]; p < w.pairStart[b + 1]; p++) {
                int j = w.pJ[p];
                int k = w.pK[p];
                double rjk = narrow ? pairFactor(w, j, k) : 0.0;
                if (rjk < 0) {
                    continue;
                }
                double cos = w.pCos[p];
                double wjk = w.aW[j] * w.aW[k];
                double ij = w.aInvR[j];
                double ik = w.aInvR[k];
                double ujx = w.aUx[j];
                double ujy = w.aUy[j];
                double ujz = w.aUz[j];
                double ukx = w.aUx[k];
                double uky = w.aUy[k];
                double ukz = w.aUz[k];
                double ex = 0;
                double ey = 0;
                double ez = 0;
                if (narrow) {
                    ex = (w.aX[k] - w.aX[j]) / rjk;
                    ey = (w.aY[k] - w.aY[j]) / rjk;
                    ez = (w.aZ[k] - w.aZ[j]) / rjk;
                }
                int rowJ = ((w.aEntry[j] - entryBase) * size + o) * 3;
                int rowK = ((w.aEntry[k] - entryBase) * size + o) * 3;
                powers(w, cos);
                for (int t = 0; t < nAng; t++) {
                    int m = expGroup[t];
                    int z = zetaGroup[t];
                    double ej = w.ef[j * ng + m];
                    double ek = w.ef[k * ng + m];
                    double ejk = narrow ? w.pairE[m] : 1.0;
                    double pre = wjk * prefactor[t];
                    for (int side = 0; side < 2; side++) {
                        double lambda = side == 0 ? 1.0 : -1.0;
                        double bse = 1.0 + lambda * cos;
                        double qq = side == 0 ? w.powPlus[z] : w.powMinus[z];
                        double ang = qq * Math.max(bse, 0.0);
                        double value = pre * ang * ej * ek * ejk;
                        int fn = 2 * t + side;
                        g[base + o + fn] += value;
                        double dCos = pre * ej * ek * ejk * angularZeta[t] * lambda * qq;
                        double dRj = pre * ang * w.def[j * ng + m] * ek * ejk;
                        double dRk = pre * ang * ej * w.def[k * ng + m] * ejk;
                        double dRjk = narrow ? pre * ang * ej * ek * w.pairDE[m] : 0.0;
                        double aj = dCos * ij;
                        double ak = dCos * ik;
                        double sj = dRj - aj * cos;
                        double sk = dRk - ak * cos;
                        int mm = 3 * fn;
                        dg[rowJ + mm] += sj * ujx + aj * ukx - dRjk * ex;
                        dg[rowJ + mm + 1] += sj * ujy + aj * uky - dRjk * ey;
                        dg[rowJ + mm + 2] += sj * ujz + aj * ukz - dRjk * ez;
                        dg[rowK + mm] += sk * ukx + ak * ujx + dRjk * ex;
                        dg[rowK + mm + 1] += sk * uky + ak * ujy + dRjk * ey;
                        dg[rowK + mm + 2] += sk * ukz + ak * ujz + dRjk * ez;
                    }
                }
            }
        }
    }
}
