package kiseki.train;

/**
 * One line of the training log: the errors of the WHOLE model (network plus Δ term and reference energies) against
 * the reference data after an epoch.
 *
 * @param epoch              1-based epoch (one full-batch L-BFGS iteration, or one pass over the data with Adam)
 * @param seconds            wall time since training started
 * @param phase              "energy" during the energy-only warm-up, "energy+forces" after
 * @param loss               the optimiser's objective on the training set
 * @param trainRmseEMevAtom  RMSE of the energy per atom on the training set (meV/atom)
 * @param trainRmseFEvA      RMSE of the force components on the training set (eV/Å)
 * @param validRmseEMevAtom  the same on the validation set (NaN without one)
 * @param validRmseFEvA      the same on the validation set (NaN without one)
 */
public record EpochRecord(int epoch, double seconds, String phase, double loss, double trainRmseEMevAtom,
        double trainRmseFEvA, double validRmseEMevAtom, double validRmseFEvA) {

    public static final String CSV_HEADER =
            "epoch,seconds,phase,loss,train_rmse_e_mev_atom,train_rmse_f_ev_a,valid_rmse_e_mev_atom,valid_rmse_f_ev_a";

    public String csv() {
        return String.format(java.util.Locale.ROOT, "%d,%.3f,%s,%.9g,%.6f,%.6f,%.6f,%.6f", epoch, seconds, phase, loss,
                trainRmseEMevAtom, trainRmseFEvA, validRmseEMevAtom, validRmseFEvA);
    }
}
