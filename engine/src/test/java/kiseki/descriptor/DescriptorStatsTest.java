package kiseki.descriptor;

import kiseki.structure.Structure;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static kiseki.descriptor.DescriptorFixtures.LI;
import static kiseki.descriptor.DescriptorFixtures.LPS;
import static kiseki.descriptor.DescriptorFixtures.P;
import static kiseki.descriptor.DescriptorFixtures.S;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DescriptorStatsTest {

    @Test
    void smallExampleByHand() {
        DescriptorStats st = new DescriptorStats(List.of(LI, S), 2);
        st.add(LI, new double[] {1, 2}, 0);
        st.add(LI, new double[] {9, 3, 5, 8}, 2); // second atom: {5, 8}
        st.add(S, new double[] {4, 4}, 0);
        assertEquals(2, st.count(LI));
        // all four Li values 1, 2, 5, 8: mean 4, population variance (9 + 4 + 1 + 16)/4 = 7.5
        assertEquals(4.0, st.mean(LI), 1e-15);
        assertEquals(Math.sqrt(7.5), st.std(LI), 1e-15);
        assertArrayEquals(new double[] {3, 5}, st.functionMeans(LI), 1e-15);
        assertArrayEquals(new double[] {2, 3}, st.functionStds(LI), 1e-15);
        assertArrayEquals(new double[] {1, 2}, st.min(LI));
        assertArrayEquals(new double[] {5, 8}, st.max(LI));
        assertEquals(0.0, st.std(S));
        assertEquals(1, st.countOutside(LI, new double[] {0.5, 3}, 0));
        assertEquals(0, st.countOutside(LI, new double[] {5, 8}, 0));
        assertEquals(2, st.countOutside(S, new double[] {3, 5}, 0));
        assertThrows(IllegalArgumentException.class, () -> st.count(P));
        DescriptorStats empty = new DescriptorStats(List.of(LI), 3);
        assertTrue(Double.isNaN(empty.mean(LI)));
        assertTrue(Double.isNaN(empty.functionStds(LI)[1]));
    }

    @Test
    void streamingAndMergingAgreeWithADirectComputation() {
        Descriptor d = Descriptors.create(DescriptorSpec.chebyshev(8, 5, 4.5), LPS);
        DescriptorStats all = new DescriptorStats(LPS, d.size());
        DescriptorStats first = new DescriptorStats(LPS, d.size());
        DescriptorStats second = new DescriptorStats(LPS, d.size());
        List<double[]> liVectors = new java.util.ArrayList<>();
        for (int k = 0; k < 6; k++) {
            Structure s = DescriptorFixtures.randomCell(100 + k, 7);
            all.add(d, s);
            (k < 2 ? first : second).add(d, s);
            double[] g = DescriptorFixtures.values(d, s);
            for (int i = 0; i < s.size(); i++) {
                if (s.element(i).equals(LI)) {
                    liVectors.add(java.util.Arrays.copyOfRange(g, i * d.size(), (i + 1) * d.size()));
                }
            }
        }
        first.merge(second);
        int m = d.size();
        double sum = 0;
        double[] fsum = new double[m];
        for (double[] v : liVectors) {
            for (int f = 0; f < m; f++) {
                sum += v[f];
                fsum[f] += v[f];
            }
        }
        double mean = sum / (liVectors.size() * m);
        double var = 0;
        double[] fvar = new double[m];
        double[] min = new double[m];
        double[] max = new double[m];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (double[] v : liVectors) {
            for (int f = 0; f < m; f++) {
                var += (v[f] - mean) * (v[f] - mean);
                double fm = fsum[f] / liVectors.size();
                fvar[f] += (v[f] - fm) * (v[f] - fm);
                min[f] = Math.min(min[f], v[f]);
                max[f] = Math.max(max[f], v[f]);
            }
        }
        for (DescriptorStats st : new DescriptorStats[] {all, first}) {
            assertEquals(liVectors.size(), st.count(LI));
            assertEquals(mean, st.mean(LI), 1e-12 * Math.abs(mean));
            assertEquals(Math.sqrt(var / (liVectors.size() * m)), st.std(LI), 1e-11 * Math.sqrt(var));
            for (int f = 0; f < m; f++) {
                assertEquals(fsum[f] / liVectors.size(), st.functionMeans(LI)[f], 1e-12 * (1 + Math.abs(fsum[f])));
                assertEquals(Math.sqrt(fvar[f] / liVectors.size()), st.functionStds(LI)[f],
                        1e-9 * (1 + Math.sqrt(fvar[f])));
            }
            assertArrayEquals(min, st.min(LI));
            assertArrayEquals(max, st.max(LI));
        }
        Random rnd = new Random(1);
        double[] inside = liVectors.get(rnd.nextInt(liVectors.size()));
        assertEquals(0, all.countOutside(LI, inside, 0));
    }
}
