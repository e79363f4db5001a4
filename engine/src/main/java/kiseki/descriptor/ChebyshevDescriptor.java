package kiseki.descriptor;

import kiseki.structure.Element;

import java.util.List;

/**
 * Chebyshev descriptors (Artrith–Urban–Ceder, NeuralMD convention; see docs/conventions.md):
 * <pre>
 *   radial  G_n = Σ_j     w_j  · T_n(2 r_ij / Rc_rad − 1) · fc(r_ij)                 n = 0 .. Nr−1
 *   angular G_n = Σ_{j&lt;k} w_jk · T_n(2 θ_ijk / π − 1) · fc(r_ij) · fc(r_ik)        n = 0 .. Na−1
 * </pre>
 * each unordered neighbour pair once, no r_jk term, separate radial and angular cutoffs. With
 * {@code angleArgument = "cos"} the angular argument is cos θ_ijk (aenet). Weighting "element": w_j = Z_j,
 * w_jk = √(Z_j Z_k), one radial and one angular block; "blocks": weight 1, one radial block per neighbour element and
 * one angular block per unordered element pair. Layout: radial blocks first, then angular blocks.
 *
 * <p>The hot loops follow the structure of the work: per atom the neighbours are gathered once (unit vectors, fc, fc');
 * the Chebyshev recurrence T_{n+1} = 2x T_n − T_{n−1} runs over four neighbours or pairs at a time (independent
 * chains) for the values, and for the backward pass the sums c = Σ_n (∂E/∂G_n) T_n(x) and c' = Σ_n (∂E/∂G_n) T_n'(x)
 * are evaluated for all pairs at once in loops the JIT vectorises, c' through the Chebyshev series of the derivative
 * (so both share one recurrence).
 */
public final class ChebyshevDescriptor extends AtomCentredDescriptor {

    private static final double TWO_OVER_PI = 2.0 / Math.PI;

    private final int nr;
    private final int na;
    private final boolean cosArgument;

    public ChebyshevDescriptor(DescriptorSpec spec, List<Element> elements) {
        super(check(spec), elements, spec.radial(), spec.angular());
        this.nr = spec.radial();
        this.na = spec.angular();
        String arg = spec.angleArgument() == null ? "angle" : spec.angleArgument().toLowerCase();
        this.cosArgument = switch (arg) {
            case "angle" -> false;
            case "cos" -> true;
            default -> throw new IllegalArgumentException("unknown angle argument '" + spec.angleArgument()
                    + "': use 'angle' (T_n(2θ/π − 1), NeuralMD) or 'cos' (T_n(cos θ), aenet)");
        };
    }

    private static DescriptorSpec check(DescriptorSpec spec) {
        if (spec.radial() < 0 || spec.angular() < 0) {
            throw new IllegalArgumentException("numbers of functions cannot be negative: " + spec.radial()
                    + " radial, " + spec.angular() + " angular");
        }
        if (spec.radial() > 0) {
            Descriptors.requireCutoff(spec.rcutRadial(), "radial");
        }
        if (spec.angular() > 0) {
            Descriptors.requireCutoff(spec.rcutAngular(), "angular");
        }
        return spec;
    }

    /** Number of radial functions per block. */
    public int radialCount() {
        return nr;
    }

    /** Number of angular functions per block. */
    public int angularCount() {
        return na;
    }

    /** True for T_n(cos θ) (aenet), false for T_n(2θ/π − 1) (NeuralMD). */
    public boolean cosArgument() {
        return cosArgument;
    }

    @Override
    Workspace newWorkspace() {
        return new ChebWorkspace(groups, angularBlocks, size);
    }

    /** Extra per-item arrays: argument 2x, weight W, recurrence scratch and the backward sums c, c'. */
    static final class ChebWorkspace extends Workspace {
        double[] x2 = new double[0];
        double[] weight = new double[0];
        double[] t0 = new double[0];
        double[] t1 = new double[0];
        double[] c = new double[0];
        double[] cp = new double[0];
        double[] tn = new double[0];
        double[] dtn = new double[0];

        ChebWorkspace(int groups, int angularBlocks, int size) {
            super(groups, angularBlocks, size);
        }

        private void ensureItems(int n) {
            if (n <= x2.length) {
                return;
            }
            x2 = new double[n];
            weight = new double[n];
            t0 = new double[n];
            t1 = new double[n];
            c = new double[n];
            cp = new double[n];
        }

        @Override
        void grownNeighbours(int cap) {
            ensureItems(cap);
        }

        @Override
        void grownPairs(int cap) {
            ensureItems(cap);
        }

        void ensureBasis(int n) {
            if (tn.length < n) {
                tn = new double[n];
                dtn = new double[n];
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ values

    @Override
    void atomValues(Workspace ws, double[] g, int base) {
        ChebWorkspace w = (ChebWorkspace) ws;
        if (radialOn && w.nR > 0) {
            prepareRadial(w);
            for (int e = 0; e < groups; e++) {
                accumulate(g, base + e * nr, w.x2, w.weight, w.rStart[e], w.rStart[e + 1], nr);
            }
        }
        if (angularOn && w.nA > 1) {
            buildPairs(w, false);
            prepareAngular(w);
            for (int b = 0; b < angularBlocks; b++) {
                accumulate(g, base + radialSize + b * na, w.x2, w.pW, w.pairStart[b], w.pairStart[b + 1], na);
            }
        }
    }

    /** Radial items: 2x = 2(2r/Rc − 1), W = w_j fc(r). */
    private void prepareRadial(ChebWorkspace w) {
        double s = 4.0 / rcRadial;
        for (int q = 0; q < w.nR; q++) {
            w.x2[q] = s * w.rR[q] - 2.0;
            w.weight[q] = w.rW[q] * w.rFc[q];
        }
    }

    /** Pairs: 2x with x = 2θ/π − 1 (or cos θ); θ from sin and cos by {@link #angle}, in a loop that vectorises. */
    private void prepareAngular(ChebWorkspace w) {
        double[] pCos = w.pCos;
        double[] pSin = w.pSin;
        double[] x2 = w.x2;
        int n = w.nP;
        if (cosArgument) {
            for (int p = 0; p < n; p++) {
                x2[p] = 2.0 * pCos[p];
            }
        } else {
            for (int p = 0; p < n; p++) {
                x2[p] = FOUR_OVER_PI * angle(pSin[p], pCos[p]) - 2.0;
            }
        }
    }

    /**
     * θ ∈ [0, π] from sin θ ≥ 0 and cos θ, to a few 1e-16 absolute everywhere (also at 0 and π, where acos of a
     * rounded cosine loses half the digits), without branches so that the loop over pairs vectorises:
     * θ = π/2 − 2·atan(u) with u = cos θ/(1 + sin θ) = tan(π/4 − θ/2) ∈ [−1, 1], one half-angle step
     * atan(u) = 2·atan(v), v = u/(1 + √(1+u²)) ∈ [−0.415, 0.415], and atan(v) by its Taylor series (22 terms,
     * truncation error &lt; 1e-18).
     */
    static double angle(double sin, double cos) {
        double u = cos / (1.0 + sin);
        double t = u / (1.0 + Math.sqrt(1.0 + u * u));
        double z = t * t;
        double poly = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(A21, z, A20), z, A19), z, A18), z, A17), z, A16), z, A15), z, A14), z, A13), z, A12), z, A11), z, A10), z, A9), z, A8), z, A7), z, A6), z, A5), z, A4), z, A3), z, A2), z, A1), z, A0);
        return Math.max(0.0, HALF_PI - 4.0 * t * poly);
    }

    private static final double HALF_PI = 0.5 * Math.PI;
    private static final double FOUR_OVER_PI = 4.0 / Math.PI;
    // atan(t)/t = Σ (−1)^k z^k / (2k+1), z = t²
    private static final double A0 = 1.0 / 1;
    private static final double A1 = -1.0 / 3;
    private static final double A2 = 1.0 / 5;
    private static final double A3 = -1.0 / 7;
    private static final double A4 = 1.0 / 9;
    private static final double A5 = -1.0 / 11;
    private static final double A6 = 1.0 / 13;
    private static final double A7 = -1.0 / 15;
    private static final double A8 = 1.0 / 17;
    private static final double A9 = -1.0 / 19;
    private static final double A10 = 1.0 / 21;
    private static final double A11 = -1.0 / 23;
    private static final double A12 = 1.0 / 25;
    private static final double A13 = -1.0 / 27;
    private static final double A14 = 1.0 / 29;
    private static final double A15 = -1.0 / 31;
    private static final double A16 = 1.0 / 33;
    private static final double A17 = -1.0 / 35;
    private static final double A18 = 1.0 / 37;
    private static final double A19 = -1.0 / 39;
    private static final double A20 = 1.0 / 41;
    private static final double A21 = -1.0 / 43;

    /** dx/dcos θ: 1 for the cos θ argument, −(2/π)/sin θ for the angle (regularised to 0 as sin θ → 0). */
    private double dxdcos(double sin) {
        if (cosArgument) {
            return 1.0;
        }
        return -TWO_OVER_PI * sin / (sin * sin + TINY_SIN * TINY_SIN);
    }

    /**
     * g[o + n] += Σ_{p in from..to-1} W_p T_n(x_p), n = 0..N−1, with x2 = 2x. Four items per pass so the four
     * recurrences run as independent chains.
     */
    static void accumulate(double[] g, int o, double[] x2, double[] weight, int from, int to, int nMax) {
        if (nMax == 0 || from >= to) {
            return;
        }
        int p = from;
        for (; p + 3 < to; p += 4) {
            double xa = x2[p];
            double xb = x2[p + 1];
            double xc = x2[p + 2];
            double xd = x2[p + 3];
            double wa = weight[p];
            double wb = weight[p + 1];
            double wc = weight[p + 2];
            double wd = weight[p + 3];
            g[o] += (wa + wb) + (wc + wd);
            if (nMax == 1) {
                continue;
            }
            double a0 = 1.0;
            double b0 = 1.0;
            double c0 = 1.0;
            double d0 = 1.0;
            double a1 = 0.5 * xa;
            double b1 = 0.5 * xb;
            double c1 = 0.5 * xc;
            double d1 = 0.5 * xd;
            g[o + 1] += Math.fma(wa, a1, wb * b1) + Math.fma(wc, c1, wd * d1);
            for (int n = 2; n < nMax; n++) {
                double a2 = Math.fma(xa, a1, -a0);
                double b2 = Math.fma(xb, b1, -b0);
                double c2 = Math.fma(xc, c1, -c0);
                double d2 = Math.fma(xd, d1, -d0);
                g[o + n] += Math.fma(wa, a2, wb * b2) + Math.fma(wc, c2, wd * d2);
                a0 = a1;
                a1 = a2;
                b0 = b1;
                b1 = b2;
                c0 = c1;
                c1 = c2;
                d0 = d1;
                d1 = d2;
            }
        }
        for (; p < to; p++) {
            double xx = x2[p];
            double wa = weight[p];
            g[o] += wa;
            if (nMax == 1) {
                continue;
            }
            double t0 = 1.0;
            double t1 = 0.5 * xx;
            g[o + 1] += wa * t1;
            for (int n = 2; n < nMax; n++) {
                double t2 = Math.fma(xx, t1, -t0);
                g[o + n] += wa * t2;
                t0 = t1;
                t1 = t2;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ backward

    @Override
    void atomBackward(Workspace ws, double[] dEdG, int base, double[] dEdr) {
        ChebWorkspace w = (ChebWorkspace) ws;
        double[] d = w.coef;
        if (radialOn && w.nR > 0) {
            prepareRadial(w);
            double dxdr = 2.0 / rcRadial;
            for (int e = 0; e < groups; e++) {
                int from = w.rStart[e];
                int to = w.rStart[e + 1];
                if (from == to) {
                    continue;
                }
                int o = e * nr;
                derivativeSeries(dEdG, base + o, nr, d, o);
                sums(dEdG, base + o, d, o, nr, w, from, to);
            }
            for (int q = 0; q < w.nR; q++) {
                double s = w.rW[q] * (w.cp[q] * dxdr * w.rFc[q] + w.c[q] * w.rDfc[q]);
                int e = 3 * w.rEntry[q];
                dEdr[e] += s * w.rUx[q];
                dEdr[e + 1] += s * w.rUy[q];
                dEdr[e + 2] += s * w.rUz[q];
            }
        }
        if (angularOn && w.nA > 1) {
            buildPairs(w, false);
            prepareAngular(w);
            for (int b = 0; b < angularBlocks; b++) {
                int from = w.pairStart[b];
                int to = w.pairStart[b + 1];
                if (from == to) {
                    continue;
                }
                int o = radialSize + b * na;
                derivativeSeries(dEdG, base + o, na, d, o);
                sums(dEdG, base + o, d, o, na, w, from, to);
            }
            clearAngularGradients(w);
            assemble(w);
            flushAngularGradients(w, dEdr);
        }
    }

    /**
     * Turns the per-pair sums c, c' into per-neighbour gradients, one segment (one j, consecutive k) at a time: the
     * k side is elementwise, the j side four running sums.
     */
    private void assemble(ChebWorkspace w) {
        double[] aW = w.aW;
        double[] aFc = w.aFc;
        double[] aDfc = w.aDfc;
        double[] aInvR = w.aInvR;
        double[] ux = w.aUx;
        double[] uy = w.aUy;
        double[] uz = w.aUz;
        double[] aS = w.aS;
        double[] aGx = w.aGx;
        double[] aGy = w.aGy;
        double[] aGz = w.aGz;
        double[] pCos = w.pCos;
        double[] pSin = w.pSin;
        double[] pW = w.pW;
        double[] c = w.c;
        double[] cp = w.cp;
        // ∂E/∂cos θ per pair, in one long loop over all pairs (vectorised), reusing cp
        double tiny2 = TINY_SIN * TINY_SIN;
        int nP = w.nP;
        if (cosArgument) {
            for (int p = 0; p < nP; p++) {
                cp[p] = pW[p] * cp[p];
            }
        } else {
            for (int p = 0; p < nP; p++) {
                double sin = pSin[p];
                cp[p] = -TWO_OVER_PI * pW[p] * cp[p] * sin / (sin * sin + tiny2);
            }
        }
        double[] aWf = w.aWf;
        double[] aWd = w.t0; // w_k fc'_k per neighbour (t0 is free after the sums)
        for (int q = 0; q < w.nA; q++) {
            aWd[q] = aW[q] * aDfc[q];
        }
        for (int sg = 0; sg < w.nSeg; sg++) {
            int j = w.segJ[sg];
            int k0 = w.segK[sg];
            int kEnd = k0 + w.segLen[sg];
            int off = w.segP[sg] - k0;
            double ij = aInvR[j];
            double wfj = aW[j] * aFc[j];
            double wdj = aW[j] * aDfc[j];
            double uxj = ux[j];
            double uyj = uy[j];
            double uzj = uz[j];
            double sJ = 0.0;
            double gx = 0.0;
            double gy = 0.0;
            double gz = 0.0;
            for (int k = k0; k < kEnd; k++) {
                int p = off + k;
                double cos = pCos[p];
                double dEdCos = cp[p];
                double cc = c[p];
                double aj = dEdCos * ij;
                double ak = dEdCos * aInvR[k];
                sJ += cc * wdj * aWf[k] - aj * cos;
                gx += aj * ux[k];
                gy += aj * uy[k];
                gz += aj * uz[k];
                aS[k] += cc * wfj * aWd[k] - ak * cos;
                aGx[k] += ak * uxj;
                aGy[k] += ak * uyj;
                aGz[k] += ak * uzj;
            }
            aS[j] += sJ;
            aGx[j] += gx;
            aGy[j] += gy;
            aGz[j] += gz;
        }
    }

    /**
     * Coefficients d of the Chebyshev series of the derivative: Σ_{n<N} a_n T_n'(x) = Σ_{n<N} d_n T_n(x)
     * (d_{N−1} = 0; d_{k} = d_{k+2} + 2(k+1) a_{k+1}, d_0 halved).
     */
    static void derivativeSeries(double[] a, int ao, int nMax, double[] d, int o) {
        if (nMax == 0) {
            return;
        }
        double next2 = 0.0; // d_{k+2}
        double next1 = 0.0; // d_{k+1}
        d[o + nMax - 1] = 0.0;
        for (int k = nMax - 2; k >= 0; k--) {
            double dk = next2 + 2.0 * (k + 1) * a[ao + k + 1];
            d[o + k] = dk;
            next2 = next1;
            next1 = dk;
        }
        d[o] *= 0.5;
    }

    /**
     * For items from..to-1: c = Σ_n a_n T_n(x), c' = Σ_n d_n T_n(x). Loops over the items innermost, three orders
     * per pass, so the JIT vectorises them.
     */
    static void sums(double[] a, int ao, double[] d, int o, int nMax, ChebWorkspace w, int from, int to) {
        double[] x2 = w.x2;
        double[] t0 = w.t0;
        double[] t1 = w.t1;
        double[] c = w.c;
        double[] cp = w.cp;
        double a0 = a[ao];
        double d0 = d[o];
        double a1 = nMax > 1 ? a[ao + 1] : 0.0;
        double d1 = nMax > 1 ? d[o + 1] : 0.0;
        for (int p = from; p < to; p++) {
            double x = 0.5 * x2[p];
            t0[p] = 1.0;
            t1[p] = x;
            c[p] = Math.fma(a1, x, a0);
            cp[p] = Math.fma(d1, x, d0);
        }
        int n = 2;
        for (; n + 2 < nMax; n += 3) {
            double an = a[ao + n];
            double an1 = a[ao + n + 1];
            double an2 = a[ao + n + 2];
            double dn = d[o + n];
            double dn1 = d[o + n + 1];
            double dn2 = d[o + n + 2];
            for (int p = from; p < to; p++) {
                double xx = x2[p];
                double tt = t1[p];
                double u = Math.fma(xx, tt, -t0[p]);
                double v = Math.fma(xx, u, -tt);
                double z = Math.fma(xx, v, -u);
                t0[p] = v;
                t1[p] = z;
                c[p] = Math.fma(an2, z, Math.fma(an1, v, Math.fma(an, u, c[p])));
                cp[p] = Math.fma(dn2, z, Math.fma(dn1, v, Math.fma(dn, u, cp[p])));
            }
        }
        for (; n < nMax; n++) {
            double an = a[ao + n];
            double dn = d[o + n];
            for (int p = from; p < to; p++) {
                double t = Math.fma(x2[p], t1[p], -t0[p]);
                t0[p] = t1[p];
                t1[p] = t;
                c[p] = Math.fma(an, t, c[p]);
                cp[p] = Math.fma(dn, t, cp[p]);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ derivatives

    @Override
    void atomDerivatives(Workspace ws, double[] g, int base, double[] dg, int entryBase) {
        ChebWorkspace w = (ChebWorkspace) ws;
        atomValues(w, g, base);
        w.ensureBasis(Math.max(nr, na));
        double[] tn = w.tn;
        double[] dtn = w.dtn;
        if (radialOn) {
            double dxdr = 2.0 / rcRadial;
            for (int e = 0; e < groups; e++) {
                int o = e * nr;
                for (int q = w.rStart[e]; q < w.rStart[e + 1]; q++) {
                    basis(2.0 * w.rR[q] / rcRadial - 1.0, nr, tn, dtn);
                    // ∂G_n/∂r_ij = (T_n' · w fc 2/Rc + T_n · w fc') u
                    double a = w.rW[q] * w.rFc[q] * dxdr;
                    double b = w.rW[q] * w.rDfc[q];
                    double ax = a * w.rUx[q];
                    double ay = a * w.rUy[q];
                    double az = a * w.rUz[q];
                    double bx = b * w.rUx[q];
                    double by = b * w.rUy[q];
                    double bz = b * w.rUz[q];
                    int row = ((w.rEntry[q] - entryBase) * size + o) * 3;
                    for (int n = 0; n < nr; n++) {
                        double d = dtn[n];
                        double t = tn[n];
                        int m = row + 3 * n;
                        dg[m] += Math.fma(d, ax, t * bx);
                        dg[m + 1] += Math.fma(d, ay, t * by);
                        dg[m + 2] += Math.fma(d, az, t * bz);
                    }
                }
            }
        }
        if (angularOn && w.nA > 1) {
            buildPairs(w);
            prepareAngular(w);
            for (int b = 0; b < angularBlocks; b++) {
                int o = radialSize + b * na;
                for (int p = w.pairStart[b]; p < w.pairStart[b + 1]; p++) {
                    int j = w.pJ[p];
                    int k = w.pK[p];
                    double cos = w.pCos[p];
                    basis(0.5 * w.x2[p], na, tn, dtn);
                    double wjk = w.aW[j] * w.aW[k];
                    double dCos = w.pW[p] * dxdcos(w.pSin[p]);
                    double cj = dCos * w.aInvR[j];
                    double ck = dCos * w.aInvR[k];
                    double ujx = w.aUx[j];
                    double ujy = w.aUy[j];
                    double ujz = w.aUz[j];
                    double ukx = w.aUx[k];
                    double uky = w.aUy[k];
                    double ukz = w.aUz[k];
                    // ∂G_n/∂r_ij = T_n · (w_jk fc_j' fc_k) u_j + T_n' dx/dcos W (u_k − cos u_j)/r_j, and j ↔ k
                    double sj = wjk * w.aDfc[j] * w.aFc[k];
                    double sk = wjk * w.aFc[j] * w.aDfc[k];
                    double ajx = sj * ujx;
                    double ajy = sj * ujy;
                    double ajz = sj * ujz;
                    double bjx = cj * (ukx - cos * ujx);
                    double bjy = cj * (uky - cos * ujy);
                    double bjz = cj * (ukz - cos * ujz);
                    double akx = sk * ukx;
                    double aky = sk * uky;
                    double akz = sk * ukz;
                    double bkx = ck * (ujx - cos * ukx);
                    double bky = ck * (ujy - cos * uky);
                    double bkz = ck * (ujz - cos * ukz);
                    int rowJ = ((w.aEntry[j] - entryBase) * size + o) * 3;
                    int rowK = ((w.aEntry[k] - entryBase) * size + o) * 3;
                    for (int n = 0; n < na; n++) {
                        double t = tn[n];
                        double d = dtn[n];
                        int mj = rowJ + 3 * n;
                        int mk = rowK + 3 * n;
                        dg[mj] += Math.fma(t, ajx, d * bjx);
                        dg[mj + 1] += Math.fma(t, ajy, d * bjy);
                        dg[mj + 2] += Math.fma(t, ajz, d * bjz);
                        dg[mk] += Math.fma(t, akx, d * bkx);
                        dg[mk + 1] += Math.fma(t, aky, d * bky);
                        dg[mk + 2] += Math.fma(t, akz, d * bkz);
                    }
                }
            }
        }
    }

    /** T_n(x) and T_n'(x) for n = 0..N−1. */
    static void basis(double x, int nMax, double[] tn, double[] dtn) {
        if (nMax == 0) {
            return;
        }
        tn[0] = 1.0;
        dtn[0] = 0.0;
        if (nMax == 1) {
            return;
        }
        tn[1] = x;
        dtn[1] = 1.0;
        // recurrences kept in registers: T_{n+1} = 2x T_n − T_{n−1}, T'_{n+1} = 2 T_n + 2x T'_n − T'_{n−1}
        double x2 = 2.0 * x;
        double t0 = 1.0;
        double t1 = x;
        double d0 = 0.0;
        double d1 = 1.0;
        for (int n = 2; n < nMax; n++) {
            double t2 = Math.fma(x2, t1, -t0);
            double d2 = Math.fma(x2, d1, 2.0 * t1 - d0);
            tn[n] = t2;
            dtn[n] = d2;
            t0 = t1;
            t1 = t2;
            d0 = d1;
            d1 = d2;
        }
    }
}
