package kiseki.app.analysis;

import kiseki.analysis.Arrhenius;
import kiseki.project.Artefact;

import java.util.List;

/**
 * The conductivity table with its Arrhenius fit.
 *
 * @param rows            the MD rows
 * @param fit             the fit, or null with fewer than 2 temperatures
 * @param extrapolationK  temperature extrapolated to (K)
 * @param sigmaLinear     σ there from the linear ln(σT) fit (NaN without a fit)
 * @param sigmaQuadratic  σ there from the quadratic log10 σ fit (NaN with fewer than 3 temperatures)
 * @param experiments     measured points shown for comparison
 * @param csv             the table, the fitted values and the experiments
 * @param artefact        where it was stored (null without a project)
 */
public record ArrheniusResult(List<ConductivityRow> rows, Arrhenius fit, double extrapolationK, double sigmaLinear,
        double sigmaQuadratic, List<ExperimentPoint> experiments, String csv, Artefact artefact) {
}
