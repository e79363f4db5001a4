package kiseki.app.analysis;

/**
 * One row of the conductivity table: one MD run at one temperature.
 *
 * @param run            the run's name
 * @param runId          its artefact id (null for a picked file)
 * @param species        the mobile ion
 * @param temperatureK   run temperature (K)
 * @param dCm2PerS       tracer diffusion coefficient (cm²/s)
 * @param dErrCm2PerS    its error (cm²/s)
 * @param sigmaSPerCm    Nernst–Einstein conductivity (S/cm)
 * @param sigmaErrSPerCm its error (S/cm)
 */
public record ConductivityRow(String run, String runId, String species, double temperatureK, double dCm2PerS,
        double dErrCm2PerS, double sigmaSPerCm, double sigmaErrSPerCm) {

    static ConductivityRow of(MsdResult r) {
        return new ConductivityRow(r.run(), r.runId(), r.analysis().species(), r.temperatureK(), r.dCm2PerS(),
                r.dErrCm2PerS(), r.sigma(), r.sigmaErr());
    }

    /** Same run and species (a new computation replaces the row). */
    boolean sameRun(ConductivityRow o) {
        boolean sameSource = runId != null ? runId.equals(o.runId) : o.runId == null && run.equals(o.run);
        return sameSource && species.equals(o.species);
    }
}
