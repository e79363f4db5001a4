package kiseki.analysis;

import kiseki.io.Units;
import kiseki.structure.Element;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportTest {

    static final double D_TRUE = 0.002; // Å²/fs
    static final double DT = 2.0;       // fs between frames

    /** Random walkers (Li) plus fixed heavy S atoms, unwrapped, in a periodic box; optional uniform drift. */
    static Msd walk(long seed, double driftPerFs) {
        Random rnd = new Random(seed);
        int li = 400;
        int s = 100;
        int n = li + s;
        Element[] sp = new Element[n];
        double box = 25;
        double[] x = new double[3 * n];
        for (int i = 0; i < n; i++) {
            sp[i] = PeriodicTable.require(i < li ? "Li" : "S");
            for (int c = 0; c < 3; c++) {
                x[3 * i + c] = rnd.nextDouble() * box;
            }
        }
        Msd msd = new Msd("Li");
        double step = Math.sqrt(2 * D_TRUE * DT);
        for (int f = 0; f < 600; f++) {
            double[] shown = x.clone();
            for (int i = 0; i < shown.length; i++) {
                shown[i] += driftPerFs * f * DT;
            }
            msd.add(new Structure(Lattice.orthorhombic(box, box, box), sp, shown));
            for (int i = 0; i < 3 * li; i++) {
                x[i] += step * rnd.nextGaussian();
            }
        }
        return msd;
    }

    static double[] times(int lags) {
        double[] t = new double[lags + 1];
        for (int i = 0; i <= lags; i++) {
            t[i] = i * DT;
        }
        return t;
    }

    @Test
    void randomWalkersGiveTheirDiffusionCoefficient() {
        Msd msd = walk(11, 0);
        assertEquals(600, msd.frames());
        assertEquals(400, msd.ions());
        assertEquals(400 / 25.0 / 25 / 25, msd.numberDensity(), 1e-15);
        double[] m = msd.compute(100, 1);
        assertEquals(0, m[0]);
        Diffusion d = Diffusion.fit(times(100), m, 10, 200);
        // COM removal over all atoms (Li mass share) lowers the walkers' MSD by a tiny fraction; 5% tolerance
        assertEquals(D_TRUE, d.dA2PerFs(), 0.05 * D_TRUE);
        assertEquals(d.dA2PerFs() * 0.1, d.dCm2PerS(), 1e-18);
        assertTrue(d.dErrA2PerFs() > 0 && d.dErrA2PerFs() < 0.05 * D_TRUE, "error " + d.dErrA2PerFs());
        // a stride of origins gives nearly the same answer
        Diffusion strided = Diffusion.fit(times(100), msd.compute(100, 10), 10, 200);
        assertEquals(D_TRUE, strided.dA2PerFs(), 0.06 * D_TRUE);
    }

    @Test
    void fftAllOriginsEqualsDirectLoop() {
        Msd msd = walk(21, 0.003);
        double[] fft = msd.compute(599, 1);
        double[] direct = msd.direct(599, 1);
        for (int i = 0; i < fft.length; i++) {
            assertEquals(direct[i], fft[i], 1e-9 * (1 + direct[i]), "lag " + i);
        }
        // a few frames, odd count, lag up to the end
        Msd small = new Msd("Li");
        Random rnd = new Random(2);
        Element[] sp = {PeriodicTable.require("Li"), PeriodicTable.require("O")};
        for (int f = 0; f < 7; f++) {
            double[] x = new double[6];
            for (int i = 0; i < 6; i++) {
                x[i] = 50 * rnd.nextDouble();
            }
            small.add(new Structure(null, sp, x));
        }
        assertTrue(Double.isNaN(small.numberDensity()));
        double[] a = small.compute(6, 1);
        double[] b = small.direct(6, 1);
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 1e-10 * (1 + b[i]), "lag " + i);
        }
    }

    @Test
    void blockAverageByHand() {
        Msd msd = walk(11, 0);
        BlockDiffusion blocks = BlockDiffusion.of(msd, 5, 50, DT, 10, 100);
        double[] d = new double[5];
        for (int b = 0; b < 5; b++) {
            d[b] = Diffusion.fit(times(50), msd.segment(120 * b, 120 * (b + 1)).compute(50, 1), 10, 100).dA2PerFs();
            assertEquals(d[b], blocks.perBlockA2PerFs()[b], 1e-15);
        }
        double mean = (d[0] + d[1] + d[2] + d[3] + d[4]) / 5;
        double var = 0;
        for (double v : d) {
            var += (v - mean) * (v - mean);
        }
        assertEquals(mean, blocks.meanA2PerFs(), 1e-15);
        assertEquals(Math.sqrt(var / 4 / 5), blocks.errorA2PerFs(), 1e-15);
        assertEquals(D_TRUE, blocks.meanA2PerFs(), 0.05 * D_TRUE);
        assertEquals(0.1 * blocks.errorA2PerFs(), blocks.errorCm2PerS(), 1e-18);
        assertThrows(IllegalArgumentException.class, () -> BlockDiffusion.of(msd, 10, 100, DT, 10, 100));
    }

    @Test
    void uniformDriftIsRemoved() {
        double[] still = walk(5, 0).compute(50, 1);
        double[] drifting = walk(5, 0.01).compute(50, 1);
        for (int i = 0; i < still.length; i++) {
            assertEquals(still[i], drifting[i], 1e-9 * (1 + still[i]));
        }
    }

    @Test
    void nernstEinsteinByHand() {
        double n = 0.0215;   // Å⁻³
        double d = 3.2e-5;   // cm²/s
        double t = 600;
        double e = 1.602176634e-19;
        double expected = n * 1e24 * 1 * e * e * d / (1.380649e-23 * t);
        assertEquals(expected, Conductivity.nernstEinstein(n, 1, d, t), 1e-12 * expected);
        assertEquals(4 * expected, Conductivity.nernstEinstein(n, 2, d, t), 4e-12 * expected);
        assertThrows(IllegalArgumentException.class, () -> Conductivity.nernstEinstein(n, 1, d, 0));
    }

    @Test
    void olsStandardErrorByHand() {
        double[] x = {0, 1, 2, 3};
        double[] y = {0.1, 0.9, 2.2, 2.8};
        LinearFit f = LinearFit.of(x, y);
        // slope = Sxy/Sxx = (−1.5·−1.4 −0.5·−0.6 + 0.5·0.7 + 1.5·1.3)/5 = 4.7/5
        assertEquals(0.94, f.slope(), 1e-12);
        assertEquals(1.5 - 0.94 * 1.5, f.intercept(), 1e-12);
        double ssr = 0;
        for (int i = 0; i < 4; i++) {
            double r = y[i] - f.at(x[i]);
            ssr += r * r;
        }
        assertEquals(Math.sqrt(ssr / 2 / 5), f.slopeError(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Diffusion.fit(x, y, 10, 20));
    }

    @Test
    void arrheniusRecoversActivationEnergy() {
        double ea = 0.23;
        double a = 5.0e3;
        double[] t = {400, 500, 600, 700, 800};
        double[] sigma = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            sigma[i] = a / t[i] * Math.exp(-ea / (Units.BOLTZMANN_EV_PER_K * t[i]));
        }
        Arrhenius fit = new Arrhenius(t, sigma);
        assertEquals(ea, fit.activationEnergyEv(), 1e-6);
        assertEquals(0, fit.activationEnergyErrorEv(), 1e-9);
        assertEquals(a, fit.prefactor(), 1e-6 * a);
        double room = 298.15;
        double byHand = a / room * Math.exp(-ea / (Units.BOLTZMANN_EV_PER_K * room));
        assertEquals(byHand, fit.sigmaLinear(room), 1e-9 * byHand);
    }

    @Test
    void log10FitRecoversEaWithoutTheTemperatureFactor() {
        double ea = 0.3;
        double[] t = {400, 550, 700};
        double[] sigma = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            sigma[i] = 10 * Math.exp(-ea / (Units.BOLTZMANN_EV_PER_K * t[i]));
        }
        assertEquals(ea, new Arrhenius(t, sigma).activationEnergyLog10Ev(), 1e-9);
    }

    @Test
    void quadraticExtrapolationByHand() {
        // log10 σ = 2 − 1.5 x + 0.1 x², x = 1000/T: the quadratic fit must reproduce it exactly
        double[] t = {350, 450, 550, 650, 800};
        double[] sigma = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            double x = 1000 / t[i];
            sigma[i] = Math.pow(10, 2 - 1.5 * x + 0.1 * x * x);
        }
        Arrhenius fit = new Arrhenius(t, sigma);
        double x = 1000 / 298.15;
        double expected = Math.pow(10, 2 - 1.5 * x + 0.1 * x * x);
        assertEquals(expected, fit.sigmaQuadratic(298.15), 1e-9 * expected);
        double[] c = fit.quadraticCoefficients();
        assertEquals(2, c[0], 1e-9);
        assertEquals(-1.5, c[1], 1e-9);
        assertEquals(0.1, c[2], 1e-9);
        Arrhenius two = new Arrhenius(new double[] {400, 500}, new double[] {1e-2, 2e-2});
        assertTrue(Double.isNaN(two.sigmaQuadratic(298.15)));
        assertTrue(Double.isNaN(two.activationEnergyErrorEv()));
        assertThrows(IllegalArgumentException.class, () -> new Arrhenius(new double[] {400, 500},
                new double[] {1e-2, -1}));
    }
}
