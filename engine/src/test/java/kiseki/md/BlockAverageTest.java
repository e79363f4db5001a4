package kiseki.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class BlockAverageTest {

    @Test
    void shortSeriesGiveTheNaiveStatistics() {
        BlockAverage b = new BlockAverage();
        assertTrue(Double.isNaN(b.mean()));
        assertTrue(Double.isNaN(b.standardError()));
        for (double v : new double[] {1, 2, 3, 4}) {
            b.add(v);
        }
        assertEquals(4, b.count());
        assertEquals(2.5, b.mean(), 1e-15);
        // sample standard deviation √(5/3), error √(5/3)/2
        assertEquals(Math.sqrt(5.0 / 3), b.standardDeviation(), 1e-14);
        assertEquals(Math.sqrt(5.0 / 3) / 2, b.standardError(), 1e-14);
    }

    @Test
    void independentValuesKeepTheNaiveError() {
        SplittableRandom rng = new SplittableRandom(1);
        BlockAverage b = new BlockAverage();
        int n = 1 << 16;
        for (int i = 0; i < n; i++) {
            b.add(1000 + gaussian(rng)); // a large offset must not spoil the variance
        }
        assertEquals(1000, b.mean(), 4 / Math.sqrt(n));
        assertEquals(1, b.standardDeviation(), 0.01);
        assertEquals(1 / Math.sqrt(n), b.standardError(), 0.25 / Math.sqrt(n));
    }

    /** AR(1) with ρ = 0.9: the error of the mean is √((1 + ρ)/(1 − ρ)) = √19 ≈ 4.4 times the naive one. */
    @Test
    void correlatedValuesGetTheInflatedError() {
        SplittableRandom rng = new SplittableRandom(2);
        BlockAverage b = new BlockAverage();
        double rho = 0.9;
        double x = 0;
        int n = 1 << 18;
        for (int i = 0; i < n; i++) {
            x = rho * x + Math.sqrt(1 - rho * rho) * gaussian(rng);
            b.add(x);
        }
        double exact = Math.sqrt((1 + rho) / (1 - rho) / n);
        System.out.printf("AR(1) ρ = 0.9: block error %.5f, exact %.5f, naive %.5f%n", b.standardError(), exact,
                b.standardDeviation() / Math.sqrt(n));
        assertEquals(exact, b.standardError(), 0.25 * exact);
        assertEquals(0, b.mean(), 4 * exact);
    }

    private static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
