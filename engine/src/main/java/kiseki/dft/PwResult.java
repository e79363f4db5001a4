package kiseki.dft;

import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.Structure;

import java.util.Objects;

/**
 * What a pw.x run produced.
 *
 * @param status          how the run ended
 * @param reason          one human-readable sentence on why, quoting pw.x's own error text when there is one
 *                        ("Error in routine readpp (1): file /x/Si.UPF not found"); "SCF converged in 9 iterations"
 *                        for a good run
 * @param frame           only when {@link PwStatus#CONVERGED}: the structure of the last SCF (as pw.x prints it,
 *                        about 1e-6 Å; see {@link #labelsOn}) with energy (eV), forces (eV/Å) and stress (eV/Å³,
 *                        positive = tensile) when printed; null otherwise
 * @param scfIterations   iterations of the last SCF (from "convergence has been achieved in N iterations", else the
 *                        last "iteration #" seen); 0 when none started
 * @param wallTimeSeconds wall time pw.x reports for the whole run ("PWSCF : ... WALL"); NaN when not printed
 * @param qeVersion       "6.7MaX"; null when the output does not say
 * @param totalEnergyRy   the final "!    total energy" (Ry); NaN when none
 * @param scfAccuracyRy   the last "estimated scf accuracy" (Ry); NaN when none
 * @param convThrRy       the SCF threshold pw.x used ("scf convergence threshold"); NaN when not printed
 */
public record PwResult(PwStatus status, String reason, Frame frame, int scfIterations, double wallTimeSeconds,
        String qeVersion, double totalEnergyRy, double scfAccuracyRy, double convThrRy) {

    /** How far (Å) a printed position may be from the input's: pw.x prints alat units with 7 decimals. */
    public static final double POSITION_TOLERANCE = 1e-4;

    public PwResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        if ((status == PwStatus.CONVERGED) != (frame != null)) {
            throw new IllegalArgumentException("a frame comes with CONVERGED results and only with them");
        }
    }

    public boolean isConverged() {
        return status == PwStatus.CONVERGED;
    }

    /**
     * The labels on the full-precision structure that was sent to pw.x (its output prints positions to about
     * 1e-6 Å): a new frame with {@code input}'s copy and this result's energy, forces, stress, info and warnings.
     *
     * @throws IllegalStateException    when the run did not converge
     * @throws IllegalArgumentException when {@code input} is not the structure of this run (other atoms, or an atom
     *                                  or cell vector more than {@link #POSITION_TOLERANCE} Å away)
     */
    public Frame labelsOn(Structure input) {
        if (frame == null) {
            throw new IllegalStateException("the run has no labels: " + status + " (" + reason + ")");
        }
        Structure out = frame.structure();
        if (input.size() != out.size()) {
            throw new IllegalArgumentException("the input has " + input.size() + " atoms, the pw.x output "
                    + out.size());
        }
        if (!input.hasLattice()) {
            throw new IllegalArgumentException("the input structure has no cell");
        }
        double[] a = input.lattice().matrix();
        double[] b = out.lattice().matrix();
        for (int i = 0; i < 9; i++) {
            if (Math.abs(a[i] - b[i]) > POSITION_TOLERANCE) {
                throw new IllegalArgumentException("the input cell differs from the pw.x output's (component " + i
                        + ": " + a[i] + " vs " + b[i] + " Å)");
            }
        }
        Lattice lattice = input.lattice();
        double[] d = new double[3];
        for (int i = 0; i < input.size(); i++) {
            if (!input.element(i).equals(out.element(i))) {
                throw new IllegalArgumentException("atom " + (i + 1) + " is " + input.element(i).symbol()
                        + " in the input but " + out.element(i).symbol() + " in the pw.x output");
            }
            for (int c = 0; c < 3; c++) {
                d[c] = input.x(i, c) - out.x(i, c);
            }
            lattice.minimumImage(d);
            double dist = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
            if (dist > POSITION_TOLERANCE) {
                throw new IllegalArgumentException("atom " + (i + 1) + " is " + dist
                        + " Å away from its position in the pw.x output");
            }
        }
        Frame labelled = new Frame(input.copy());
        labelled.setEnergy(frame.hasEnergy() ? frame.energy() : null);
        labelled.setForces(frame.forces() == null ? null : frame.forces().clone());
        labelled.setStress(frame.stress() == null ? null : frame.stress().clone());
        labelled.info().putAll(frame.info());
        labelled.warnings().addAll(frame.warnings());
        return labelled;
    }
}
