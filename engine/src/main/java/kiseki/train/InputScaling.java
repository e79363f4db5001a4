package kiseki.train;

import java.util.Arrays;
import java.util.List;

/**
 * Input scaling of the element networks: x = (G − mean) / std, per element. NeuralMD uses one mean and one std per
 * element shared by all functions ({@code perFunction = false}); n2p2 scales each function on its own.
 *
 * @param mean   per element, {@code size} numbers (all equal in the shared form)
 * @param std    per element, {@code size} numbers (all equal in the shared form)
 */
public record InputScaling(boolean perFunction, List<double[]> mean, List<double[]> std) {

    /** Scaling computed from the training samples. Functions with no spread get std 1. */
    public static InputScaling of(List<TrainingData.Sample> samples, int elements, int size, boolean perFunction) {
        double[][] sum = new double[elements][size];
        double[][] sum2 = new double[elements][size];
        long[] count = new long[elements];
        for (TrainingData.Sample s : samples) {
            for (int i = 0; i < s.atoms; i++) {
                int e = s.element[i];
                count[e]++;
                for (int n = 0; n < size; n++) {
                    double v = s.g[i * size + n];
                    sum[e][n] += v;
                    sum2[e][n] += v * v;
                }
            }
        }
        List<double[]> means = new java.util.ArrayList<>();
        List<double[]> stds = new java.util.ArrayList<>();
        for (int e = 0; e < elements; e++) {
            double[] m = new double[size];
            double[] d = new double[size];
            if (count[e] == 0) {
                Arrays.fill(d, 1);
            } else if (perFunction) {
                for (int n = 0; n < size; n++) {
                    m[n] = sum[e][n] / count[e];
                    double var = sum2[e][n] / count[e] - m[n] * m[n];
                    d[n] = var > 1e-24 ? Math.sqrt(var) : 1;
                }
            } else {
                double s1 = 0;
                double s2 = 0;
                for (int n = 0; n < size; n++) {
                    s1 += sum[e][n];
                    s2 += sum2[e][n];
                }
                double total = (double) count[e] * size;
                double mu = s1 / total;
                double var = s2 / total - mu * mu;
                Arrays.fill(m, mu);
                Arrays.fill(d, var > 1e-24 ? Math.sqrt(var) : 1);
            }
            means.add(m);
            stds.add(d);
        }
        return new InputScaling(perFunction, List.copyOf(means), List.copyOf(stds));
    }
}
