package kiseki.descriptor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cutoff functions of conventions.md, and the numerical helpers of the Chebyshev descriptor. */
class CutoffFunctionTest {

    @Test
    void tanhCutoffFollowsTheConvention() {
        CutoffFunction fc = CutoffFunction.of("tanh", 6.0);
        assertEquals(Math.pow(Math.tanh(1.0), 3), fc.value(0.0), 1e-15);
        assertEquals(Math.pow(Math.tanh(0.5), 3), fc.value(3.0), 1e-15);
        double t = Math.tanh(1 - 2.2 / 6.0);
        assertEquals(-3 * t * t * (1 - t * t) / 6.0, fc.derivative(2.2), 1e-15);
        assertEquals(0.0, fc.value(6.0));
        assertEquals(0.0, fc.derivative(6.0));
        assertEquals(0.0, fc.value(7.5));
        assertEquals(0.0, fc.derivative(7.5));
        assertEquals(CutoffFunction.Kind.TANH, CutoffFunction.of(null, 6).kind());
    }

    @Test
    void cosineCutoffFollowsTheConvention() {
        CutoffFunction fc = CutoffFunction.of("cosine", 5.0);
        assertEquals(1.0, fc.value(0.0), 1e-15);
        assertEquals(0.5, fc.value(2.5), 1e-15);
        assertEquals(0.5 * (Math.cos(Math.PI * 1.3 / 5) + 1), fc.value(1.3), 1e-15);
        assertEquals(-0.5 * Math.PI / 5 * Math.sin(Math.PI * 1.3 / 5), fc.derivative(1.3), 1e-15);
        assertEquals(0.0, fc.value(5.0));
        assertEquals(0.0, fc.derivative(5.0));
        assertEquals(0.0, fc.value(9.0));
    }

    @Test
    void derivativesMatchFiniteDifferencesAndEvaluateAgrees() {
        double[] f = new double[1];
        double[] df = new double[1];
        for (String kind : new String[] {"tanh", "cosine"}) {
            CutoffFunction fc = CutoffFunction.of(kind, 4.5);
            for (double r = 0.3; r < 4.5; r += 0.173) {
                double h = 1e-6;
                double fd = (fc.value(r + h) - fc.value(r - h)) / (2 * h);
                assertEquals(fd, fc.derivative(r), 1e-8, kind + " at " + r);
                fc.evaluate(r, f, df, 0);
                assertEquals(fc.value(r), f[0], 1e-16);
                assertEquals(fc.derivative(r), df[0], 1e-16);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> CutoffFunction.of("gauss", 5));
        assertThrows(IllegalArgumentException.class, () -> CutoffFunction.of("tanh", 0));
    }

    @Test
    void derivativeSeriesGivesTheDerivativeOfAChebyshevSeries() {
        Random rnd = new Random(2);
        for (int nMax : new int[] {1, 2, 3, 7, 30, 50}) {
            double[] a = new double[nMax];
            for (int n = 0; n < nMax; n++) {
                a[n] = rnd.nextGaussian();
            }
            double[] d = new double[nMax];
            ChebyshevDescriptor.derivativeSeries(a, 0, nMax, d, 0);
            double[] tn = new double[nMax];
            double[] dtn = new double[nMax];
            for (double x = -1; x <= 1.0001; x += 0.125) {
                double xx = Math.min(1, x);
                ChebyshevDescriptor.basis(xx, nMax, tn, dtn);
                double direct = 0;
                double viaSeries = 0;
                double scale = 0;
                for (int n = 0; n < nMax; n++) {
                    direct += a[n] * dtn[n];
                    viaSeries += d[n] * tn[n];
                    scale += Math.abs(a[n]) * n * n;
                }
                assertEquals(direct, viaSeries, 1e-13 * (1 + scale), "N=" + nMax + " x=" + xx);
            }
        }
    }

    @Test
    void angleFromSineAndCosineIsAccurateEverywhere() {
        Random rnd = new Random(3);
        double worst = 0;
        for (int k = 0; k < 200_000; k++) {
            double theta = k < 1000 ? k * 1e-9 : (k < 2000 ? Math.PI - (k - 1000) * 1e-9 : Math.PI * rnd.nextDouble());
            double s = Math.sin(theta);
            double c = Math.cos(theta);
            worst = Math.max(worst, Math.abs(ChebyshevDescriptor.angle(s, c) - Math.atan2(s, c)));
        }
        assertEquals(0.0, worst, 1e-15);
        assertEquals(0.0, ChebyshevDescriptor.angle(0.0, 1.0), 3e-16);
        assertTrue(ChebyshevDescriptor.angle(0.0, 1.0) >= 0);
        assertEquals(Math.PI, ChebyshevDescriptor.angle(0.0, -1.0), 1e-15);
        assertEquals(Math.PI / 2, ChebyshevDescriptor.angle(1.0, 0.0), 1e-16);
    }
}
