package kiseki.app.analysis;

import kiseki.analysis.MsdAnalysis;
import kiseki.project.Artefact;

/**
 * MSD, diffusion coefficient and Nernst–Einstein conductivity of one species in one run.
 *
 * @param run          the run's name
 * @param runId        the MD run artefact id, or null for a picked file
 * @param analysis     MSD curve, fit window and D
 * @param charge       ion charge number used for σ
 * @param temperatureK run temperature (NaN when unknown: then no σ)
 * @param dErrCm2PerS  the D error reported: the block-average error when blocks were asked for, else the (optimistic)
 *                     least-squares error
 * @param sigma        σ (S/cm), NaN without a temperature or cell
 * @param sigmaErr     the σ error carried by {@code dErrCm2PerS}
 * @param csv          t_fs, msd_A2, fit_A2 (the line over the fit window)
 * @param artefact     where it was stored (null without a project)
 */
public record MsdResult(String run, String runId, MsdAnalysis analysis, double charge, double temperatureK,
        double dErrCm2PerS, double sigma, double sigmaErr, String csv, Artefact artefact) {

    /** D from the least-squares fit (cm²/s), as {@code analyze msd} reports it. */
    public double dCm2PerS() {
        return analysis.diffusion().dCm2PerS();
    }

    MsdResult withArtefact(Artefact a) {
        return new MsdResult(run, runId, analysis, charge, temperatureK, dErrCm2PerS, sigma, sigmaErr, csv, a);
    }
}
