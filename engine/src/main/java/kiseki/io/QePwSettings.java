package kiseki.io;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Settings for a pw.x SCF input written by {@link QePwInputFormat#render}.
 *
 * @param prefix       pw.x {@code prefix}: names the run's files in {@code outdir}
 * @param pseudoDir    folder with the pseudopotential files ({@code pseudo_dir})
 * @param pseudoFiles  pseudopotential file name by element symbol; empty = {@code <symbol>.UPF} for every element;
 *                     when not empty it must name a file for every element of the structure
 * @param ecutwfc      wave-function cutoff (Ry)
 * @param ecutrho      charge-density cutoff (Ry), at least 4 × ecutwfc (4× for norm-conserving, 8–12× for
 *                     ultrasoft pseudopotentials)
 * @param convThr      SCF convergence threshold on the total energy (Ry)
 * @param mixingBeta   charge-density mixing factor, 0 &lt; β ≤ 1
 * @param kpoints      Monkhorst–Pack grid (3 positive numbers), or null for the Γ point only ({@code K_POINTS gamma})
 * @param kpointShift  grid offsets, each 0 or 1 (used with a grid)
 */
public record QePwSettings(String prefix, String pseudoDir, Map<String, String> pseudoFiles, double ecutwfc,
        double ecutrho, double convThr, double mixingBeta, int[] kpoints, int[] kpointShift) {

    /** 30 Ry / 120 Ry, conv_thr 1e-8 Ry, β = 0.7, Γ only, pseudopotentials {@code <El>.UPF} in ./pseudo. */
    public static final QePwSettings DEFAULTS = new QePwSettings("kiseki", "./pseudo", Map.of(), 30, 120, 1e-8, 0.7,
            null, new int[] {0, 0, 0});

    public QePwSettings {
        requireQuotable(prefix, "prefix");
        requireQuotable(pseudoDir, "pseudoDir");
        pseudoFiles = Map.copyOf(Objects.requireNonNull(pseudoFiles, "pseudoFiles"));
        for (Map.Entry<String, String> e : pseudoFiles.entrySet()) {
            if (e.getValue().isBlank() || e.getValue().matches(".*\\s.*")) {
                throw new IllegalArgumentException("the pseudopotential file name for " + e.getKey()
                        + " must be one word without spaces, got '" + e.getValue() + "'");
            }
        }
        if (!(ecutwfc > 0) || !Double.isFinite(ecutwfc)) {
            throw new IllegalArgumentException("ecutwfc must be a positive number of Ry, got " + ecutwfc);
        }
        if (!(ecutrho >= 4 * ecutwfc) || !Double.isFinite(ecutrho)) {
            throw new IllegalArgumentException("ecutrho (" + ecutrho + " Ry) must be at least 4 × ecutwfc ("
                    + 4 * ecutwfc + " Ry): 4× suits norm-conserving, 8–12× ultrasoft pseudopotentials");
        }
        if (!(convThr > 0) || !Double.isFinite(convThr)) {
            throw new IllegalArgumentException("convThr must be a positive number of Ry, got " + convThr);
        }
        if (!(mixingBeta > 0 && mixingBeta <= 1)) {
            throw new IllegalArgumentException("mixingBeta must lie in (0, 1], got " + mixingBeta);
        }
        if (kpoints != null) {
            if (kpoints.length != 3 || kpoints[0] < 1 || kpoints[1] < 1 || kpoints[2] < 1) {
                throw new IllegalArgumentException("kpoints needs 3 positive numbers, got " + Arrays.toString(kpoints));
            }
            kpoints = kpoints.clone();
        }
        if (kpointShift == null) {
            kpointShift = new int[] {0, 0, 0};
        }
        if (kpointShift.length != 3 || Arrays.stream(kpointShift).anyMatch(v -> v != 0 && v != 1)) {
            throw new IllegalArgumentException("kpointShift needs 3 numbers, each 0 or 1, got "
                    + Arrays.toString(kpointShift));
        }
        kpointShift = kpointShift.clone();
    }

    private static void requireQuotable(String value, String what) {
        if (value == null || value.isBlank() || value.indexOf('\'') >= 0 || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(what + " must be non-empty text without quotes or line breaks, got '"
                    + value + "'");
        }
    }

    @Override
    public int[] kpoints() {
        return kpoints == null ? null : kpoints.clone();
    }

    @Override
    public int[] kpointShift() {
        return kpointShift.clone();
    }

    /** Whether only the Γ point is used. */
    public boolean gammaOnly() {
        return kpoints == null;
    }

    public QePwSettings withPrefix(String p) {
        return new QePwSettings(p, pseudoDir, pseudoFiles, ecutwfc, ecutrho, convThr, mixingBeta, kpoints,
                kpointShift);
    }

    public QePwSettings withPseudopotentials(String dir, Map<String, String> files) {
        return new QePwSettings(prefix, dir, files, ecutwfc, ecutrho, convThr, mixingBeta, kpoints, kpointShift);
    }

    public QePwSettings withCutoffs(double wfc, double rho) {
        return new QePwSettings(prefix, pseudoDir, pseudoFiles, wfc, rho, convThr, mixingBeta, kpoints, kpointShift);
    }

    public QePwSettings withConvergence(double threshold, double beta) {
        return new QePwSettings(prefix, pseudoDir, pseudoFiles, ecutwfc, ecutrho, threshold, beta, kpoints,
                kpointShift);
    }

    /** A Monkhorst–Pack grid, or null for Γ only. */
    public QePwSettings withKpoints(int[] grid, int[] shift) {
        return new QePwSettings(prefix, pseudoDir, pseudoFiles, ecutwfc, ecutrho, convThr, mixingBeta, grid, shift);
    }

    /** The pseudopotential file for an element symbol. */
    public String pseudoFile(String symbol) {
        if (pseudoFiles.isEmpty()) {
            return symbol + ".UPF";
        }
        String file = pseudoFiles.get(symbol);
        if (file == null) {
            throw new IllegalArgumentException("no pseudopotential file is given for " + symbol + " (the settings"
                    + " name files for " + String.join(", ", new java.util.TreeSet<>(pseudoFiles.keySet())) + ")");
        }
        return file;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QePwSettings s && prefix.equals(s.prefix) && pseudoDir.equals(s.pseudoDir)
                && pseudoFiles.equals(s.pseudoFiles) && Double.compare(ecutwfc, s.ecutwfc) == 0
                && Double.compare(ecutrho, s.ecutrho) == 0 && Double.compare(convThr, s.convThr) == 0
                && Double.compare(mixingBeta, s.mixingBeta) == 0 && Arrays.equals(kpoints, s.kpoints)
                && Arrays.equals(kpointShift, s.kpointShift);
    }

    @Override
    public int hashCode() {
        return Objects.hash(prefix, pseudoDir, pseudoFiles, ecutwfc, ecutrho, convThr, mixingBeta,
                Arrays.hashCode(kpoints), Arrays.hashCode(kpointShift));
    }

    @Override
    public String toString() {
        return "QePwSettings[prefix=" + prefix + ", pseudoDir=" + pseudoDir + ", pseudoFiles=" + pseudoFiles
                + ", ecutwfc=" + ecutwfc + ", ecutrho=" + ecutrho + ", convThr=" + convThr + ", mixingBeta="
                + mixingBeta + ", kpoints=" + (kpoints == null ? "gamma" : Arrays.toString(kpoints)) + ", shift="
                + Arrays.toString(kpointShift) + "]";
    }
}
