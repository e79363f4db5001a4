package kiseki.dft;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows a running pw.x from its output, one line at a time (for a progress bar while the output file grows).
 * Nothing here throws: lines it does not understand are ignored.
 *
 * <p>Progress estimate: setting up counts as 0; during the SCF the fraction grows with the logarithm of the estimated
 * accuracy, from the first iteration's accuracy to the threshold, mapped onto 0–0.9 (an SCF gains roughly the same
 * number of decades per iteration, so this is close to linear in time); "convergence has been achieved" gives 0.9
 * (forces and stress come next), "JOB DONE." gives 1. The fraction never goes backwards within one SCF. A new SCF
 * (the next step of a relaxation) starts again from 0.
 */
public final class PwProgress {

    private static final Pattern ITERATION = Pattern.compile("^\\s*iteration #\\s*(\\d+)");
    private static final Pattern ACCURACY = Pattern.compile("^\\s*estimated scf accuracy\\s*<\\s*(\\S+)\\s*Ry");
    private static final Pattern THRESHOLD = Pattern.compile("^\\s*scf convergence threshold\\s*=\\s*(\\S+)");
    private static final Pattern CONVERGED = Pattern.compile("convergence has been achieved in\\s+(\\d+)\\s+iterations");
    private static final Pattern NOT_CONVERGED = Pattern.compile("convergence NOT achieved after\\s+(\\d+)\\s+iterations");
    private static final Pattern VERSION = Pattern.compile("Program PWSCF v\\.(\\S+) starts");
    private static final Pattern ERROR_ROUTINE = Pattern.compile("^\\s*Error in routine");

    /** The share of the bar for the SCF; forces and stress take the rest. */
    private static final double SCF_SHARE = 0.9;

    private String version;
    private int iteration;
    private double firstAccuracy = Double.NaN;
    private double accuracy = Double.NaN;
    private double convThr = Double.NaN;
    private double fraction;
    private boolean scfConverged;
    private boolean scfFailed;
    private boolean done;
    private String error;
    private boolean inErrorBlock;

    /** Takes the next line of the output (without its line break). */
    public void accept(String line) {
        if (line == null) {
            return;
        }
        String t = line.strip();
        if (t.startsWith("%%%%")) {
            inErrorBlock = !inErrorBlock;
            return;
        }
        if (inErrorBlock) {
            if (!t.isEmpty()) {
                error = error == null ? t : error.length() < 500 ? error + " " + t : error;
            }
            return;
        }
        Matcher m;
        try {
            if (version == null && (m = VERSION.matcher(t)).find()) {
                version = m.group(1);
            } else if ((m = THRESHOLD.matcher(t)).find()) {
                convThr = parse(m.group(1));
            } else if (t.startsWith("Self-consistent Calculation")) {
                iteration = 0;
                firstAccuracy = Double.NaN;
                accuracy = Double.NaN;
                fraction = 0;
                scfConverged = false;
            } else if ((m = ITERATION.matcher(t)).find()) {
                iteration = Integer.parseInt(m.group(1));
            } else if ((m = ACCURACY.matcher(t)).find()) {
                accuracy = parse(m.group(1));
                if (Double.isNaN(firstAccuracy)) {
                    firstAccuracy = accuracy;
                }
                fraction = Math.max(fraction, scfFraction());
            } else if ((m = CONVERGED.matcher(t)).find()) {
                scfConverged = true;
                iteration = Integer.parseInt(m.group(1));
                fraction = Math.max(fraction, SCF_SHARE);
            } else if ((m = NOT_CONVERGED.matcher(t)).find()) {
                scfFailed = true;
                iteration = Integer.parseInt(m.group(1));
            } else if (t.contains("JOB DONE.")) {
                done = true;
                fraction = 1;
            } else if (ERROR_ROUTINE.matcher(t).find() && error == null) {
                error = t;
            }
        } catch (NumberFormatException e) {
            // a garbled number in a growing file: the next line will tell more
        }
    }

    private double scfFraction() {
        if (!(accuracy > 0) || !(convThr > 0) || !(firstAccuracy > convThr)) {
            return 0;
        }
        double share = Math.log(firstAccuracy / accuracy) / Math.log(firstAccuracy / convThr);
        return SCF_SHARE * Math.max(0, Math.min(1, share));
    }

    private static double parse(String text) {
        double v = Double.parseDouble(text.replace('D', 'E').replace('d', 'e'));
        return Double.isFinite(v) ? v : Double.NaN;
    }

    /** The current SCF iteration (0 before the first). */
    public int iteration() {
        return iteration;
    }

    /** The last "estimated scf accuracy" (Ry), NaN before the first. */
    public double scfAccuracyRy() {
        return accuracy;
    }

    /** pw.x's "scf convergence threshold" (Ry), NaN until printed. */
    public double convThrRy() {
        return convThr;
    }

    /** 0 … 1, see the class comment. */
    public double fraction() {
        return fraction;
    }

    /** Whether "JOB DONE." was seen. */
    public boolean isDone() {
        return done;
    }

    /** pw.x's error text when an error block was seen, else null. */
    public String error() {
        return error;
    }

    /** One line for a status bar. */
    public String statusText() {
        if (error != null) {
            return "pw.x stopped with an error: " + error;
        }
        if (done) {
            return scfFailed ? "pw.x finished, but the SCF did not converge after " + iteration + " iterations"
                    : "pw.x finished";
        }
        if (scfFailed) {
            return "the SCF did not converge after " + iteration + " iterations";
        }
        if (scfConverged) {
            return "SCF converged in " + iteration + " iterations; computing forces and stress";
        }
        if (iteration > 0) {
            StringBuilder sb = new StringBuilder("SCF iteration ").append(iteration);
            if (!Double.isNaN(accuracy)) {
                sb.append(": estimated accuracy ").append(PwOutput.sci(accuracy)).append(" Ry");
                if (!Double.isNaN(convThr)) {
                    sb.append(", target ").append(PwOutput.sci(convThr)).append(" Ry");
                }
            }
            return sb.toString();
        }
        return version == null ? "starting pw.x" : "pw.x " + version + " is setting up";
    }
}
