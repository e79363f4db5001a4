package kiseki.app.analysis;

/**
 * A measured conductivity shown beside the MD points for comparison (not fitted), e.g. LGPS 1.2e-2 S/cm at 298.15 K
 * (Kamaya et al., Nature Materials 2011).
 */
public record ExperimentPoint(String label, double temperatureK, double sigmaSPerCm) {
}
