package kiseki.dft;

import kiseki.io.FormatException;
import kiseki.io.LineSource;
import kiseki.io.Units;
import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads pw.x output: the one place in Kiseki that parses it. {@link #parse} classifies a finished (or stopped) run
 * and never throws for what the output contains; {@link #read} is the strict reader behind the qe-out structure
 * format.
 *
 * <p>The labelled structure is the one of the last SCF (scf, relax, vc-relax, md): the ATOMIC_POSITIONS /
 * CELL_PARAMETERS blocks of a relaxation when printed, else the initial "crystal axes" and "site n." tables (alat
 * units, 6–7 decimals, so about 1e-6 Å). Energy Ry → eV, forces Ry/bohr → eV/Å, stress Ry/bohr³ → eV/Å³ with the
 * sign flipped from pw.x's positive-is-compressive to Kiseki's (ASE's) positive-is-tensile. Frame info:
 * {@code qe.version}, {@code qe.converged}, {@code qe.scf_iterations}; frame warnings: pw.x's "SCF correction
 * compared to forces is large".
 */
public final class PwOutput {

    /** How much of the end of an error-output file is read (pw.x's own output goes to the output file). */
    static final int STDERR_TAIL_BYTES = 64 * 1024;

    private PwOutput() {
    }

    /** Classifies the output file alone (no error output, exit status unknown). */
    public static PwResult parse(Path out) throws IOException {
        return parse(out, null, null);
    }

    /**
     * Classifies a run from its output file, optionally its error-output file (the end is read) and its exit status.
     * A missing output file counts as an empty one.
     *
     * @param errFile  pw.x's standard error, or null
     * @param exitCode the process exit status, or null when unknown (137 = killed by SIGKILL, usually the kernel's
     *                 out-of-memory killer)
     * @throws IOException only when a file exists but cannot be read
     */
    public static PwResult parse(Path out, Path errFile, Integer exitCode) throws IOException {
        String stderr = errFile == null ? "" : tail(errFile);
        if (!Files.exists(out)) {
            return classify(new Parser(new LineSource(new StringReader(""), out.toString())), stderr, exitCode);
        }
        try (LineSource in = new LineSource(out)) {
            Parser p = new Parser(in);
            p.runTolerant();
            return classify(p, stderr, exitCode);
        }
    }

    /** Classifies output given as text. */
    public static PwResult parse(String outText) {
        return parse(outText, "", null);
    }

    /** Classifies output, error output and exit status given as text. */
    public static PwResult parse(String outText, String stderr, Integer exitCode) {
        Parser p = new Parser(new LineSource(new StringReader(outText), "<pw.x output>"));
        try {
            p.runTolerant();
        } catch (IOException e) {
            throw new IllegalStateException("reading a string failed", e); // a StringReader does not fail
        }
        return classify(p, stderr == null ? "" : stderr, exitCode);
    }

    /**
     * The labelled frame of a finished run, or a {@link FormatException}: with the line for content that cannot be
     * read, with line 0 and the reason for a run that did not converge or did not finish.
     */
    public static Frame read(LineSource in) throws IOException {
        Parser p = new Parser(in);
        p.run(); // content errors propagate with their line
        PwResult r = classify(p, "", null);
        if (r.status() != PwStatus.CONVERGED) {
            throw in.error(0, r.reason());
        }
        return r.frame();
    }

    // ------------------------------------------------------------------------------------------------ classification

    private static final Pattern MEMORY = Pattern.compile(
            "cannot allocate|error allocating|bad_alloc|out of memory|oom-kill|oom_kill|insufficient virtual memory"
                    + "|allocation would exceed|memory allocation failed|(^|[\\s(:])killed($|[\\s).])",
            Pattern.CASE_INSENSITIVE);

    private static PwResult classify(Parser p, String stderr, Integer exitCode) {
        int iterations = p.scfIterations != null ? p.scfIterations : p.iterationsSeen;
        double energy = p.energyRy != null ? p.energyRy : Double.NaN;

        // 1. pw.x's own error block says what went wrong
        if (p.errorText != null) {
            String text = p.errorText;
            PwStatus status = MEMORY.matcher(text).find() ? PwStatus.OUT_OF_MEMORY
                    : isPseudopotentialError(p.errorRoutine, text) ? PwStatus.MISSING_PSEUDOPOTENTIAL
                    : PwStatus.CRASHED;
            return result(p, status, text, null, iterations, energy);
        }
        // 2. a complete run
        if (p.problem == null && p.jobDone && p.version != null && p.energyRy != null && !Boolean.FALSE.equals(p.converged)) {
            try {
                Frame frame = p.frame();
                if (exitCode != null && exitCode != 0) {
                    frame.warnings().add("pw.x finished its output but exited with status " + exitCode);
                }
                String reason = p.scfIterations != null ? "SCF converged in " + p.scfIterations + " iterations"
                        : "pw.x finished with a total energy";
                return result(p, PwStatus.CONVERGED, reason, frame, iterations, energy);
            } catch (FormatException e) {
                return result(p, PwStatus.CRASHED, "the output cannot be read: " + e.getMessage(), null, iterations,
                        energy);
            }
        }
        // 3. the SCF gave up
        if (p.notConvergedLine != null && Boolean.FALSE.equals(p.converged)) {
            return result(p, PwStatus.NOT_CONVERGED, "the SCF did not converge ('" + p.notConvergedLine + "'"
                    + accuracyNote(p) + ")", null, iterations, energy);
        }
        // 4. memory
        String memoryLine = firstMatch(MEMORY, stderr);
        if (memoryLine == null) {
            memoryLine = p.memoryLine;
        }
        if (memoryLine != null) {
            return result(p, PwStatus.OUT_OF_MEMORY, "pw.x ran out of memory: '" + memoryLine + "'", null,
                    iterations, energy);
        }
        if (exitCode != null && exitCode == 137) {
            return result(p, PwStatus.OUT_OF_MEMORY, "pw.x was killed (exit status 137, SIGKILL), most likely by the"
                    + " operating system's out-of-memory killer" + where(p), null, iterations, energy);
        }
        // 5. unreadable or unfinished output
        String stderrNote = stderrNote(stderr);
        if (p.problem != null && !p.problemAtEnd) {
            return result(p, PwStatus.CRASHED, "the output cannot be read: " + p.problem.getMessage(), null,
                    iterations, energy);
        }
        if (exitCode != null && exitCode != 0 && !p.jobDone) {
            return result(p, PwStatus.CRASHED, "pw.x stopped with exit status " + exitCode + where(p) + stderrNote,
                    null, iterations, energy);
        }
        if (p.version == null) {
            boolean empty = p.in.lineNumber() == 0;
            String what = empty ? "the output is empty" : "this is not a pw.x output: it has no"
                    + " 'Program PWSCF v.X starts' line";
            PwStatus status = empty ? PwStatus.INCOMPLETE : PwStatus.CRASHED;
            return result(p, status, what + stderrNote, null, iterations, energy);
        }
        if (!p.jobDone) {
            String detail = p.problem != null ? " (" + p.problem.problem() + ")" : "";
            return result(p, PwStatus.INCOMPLETE, "the output ends before 'JOB DONE.'" + where(p) + detail
                    + ": pw.x was stopped, is still running, or the file was cut off" + stderrNote, null,
                    iterations, energy);
        }
        // 6. finished, yet no usable SCF
        return result(p, PwStatus.CRASHED, "pw.x finished without a total energy (not an SCF calculation?)", null,
                iterations, energy);
    }

    private static PwResult result(Parser p, PwStatus status, String reason, Frame frame, int iterations,
            double energy) {
        return new PwResult(status, reason, frame, iterations, p.wallSeconds, p.version, energy,
                p.lastAccuracy != null ? p.lastAccuracy : Double.NaN, p.convThr != null ? p.convThr : Double.NaN);
    }

    private static boolean isPseudopotentialError(String routine, String text) {
        String r = routine == null ? "" : routine.toLowerCase(Locale.ROOT);
        String t = text.toLowerCase(Locale.ROOT);
        return r.equals("readpp") || r.startsWith("read_pseudo") || r.startsWith("read_upf") || r.startsWith("read_ncpp")
                || r.contains("upf") || t.contains("pseudo") || t.contains(".upf");
    }

    private static String accuracyNote(Parser p) {
        if (p.lastAccuracy == null) {
            return "";
        }
        String note = "; last estimated scf accuracy " + sci(p.lastAccuracy) + " Ry";
        return p.convThr == null ? note : note + ", threshold " + sci(p.convThr) + " Ry";
    }

    private static String where(Parser p) {
        if (p.energyRy != null && p.jobDone) {
            return "";
        }
        if (p.scfConvergedSeen) {
            return " after the SCF converged";
        }
        return p.iterationsSeen > 0 ? " during SCF iteration " + p.iterationsSeen : "";
    }

    /** The last few informative lines of the error output, for a reason text. */
    private static String stderrNote(String stderr) {
        List<String> lines = new ArrayList<>();
        for (String l : stderr.split("\n")) {
            String t = l.strip();
            if (!t.isEmpty() && !t.startsWith("----") && !t.startsWith("Note: ") && !t.startsWith("NOTE:")) {
                lines.add(t);
            }
        }
        if (lines.isEmpty()) {
            return "";
        }
        List<String> last = lines.subList(Math.max(0, lines.size() - 3), lines.size());
        return "; its error output ends: '" + String.join(" / ", last) + "'";
    }

    private static String firstMatch(Pattern pattern, String text) {
        for (String l : text.split("\n")) {
            if (pattern.matcher(l).find()) {
                return l.strip();
            }
        }
        return null;
    }

    static String sci(double v) {
        return String.format(Locale.ROOT, "%.1E", v);
    }

    /** The last {@link #STDERR_TAIL_BYTES} of a file as text (invalid bytes replaced); empty when it is missing. */
    static String tail(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            long start = Math.max(0, length - STDERR_TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - start)];
            f.seek(start);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return "";
        }
    }

    // ------------------------------------------------------------------------------------------------ parsing

    private static final Pattern VERSION = Pattern.compile("Program PWSCF v\\.(\\S+) starts");
    private static final Pattern AFTER_EQUALS = Pattern.compile("=\\s*(\\S+)");
    private static final Pattern CELLDM1 = Pattern.compile("celldm\\(1\\)=\\s*(\\S+)");
    private static final Pattern AXIS = Pattern.compile("a\\(\\d\\)\\s*=\\s*\\(\\s*(\\S+)\\s+(\\S+)\\s+(\\S+)\\s*\\)");
    private static final Pattern SITE = Pattern.compile(
            "^\\s*(\\d+)\\s+(\\S+)\\s+tau\\(\\s*\\d+\\)\\s*=\\s*\\(\\s*(\\S+)\\s+(\\S+)\\s+(\\S+)\\s*\\)");
    private static final Pattern SPECIES = Pattern.compile("^\\s*(\\S+)\\s+\\S+\\s+\\S+\\s+([A-Za-z]{1,3})\\s*\\(");
    private static final Pattern ENERGY = Pattern.compile("total energy\\s*=\\s*(\\S+)\\s*Ry");
    private static final Pattern CONVERGED = Pattern.compile("convergence has been achieved in\\s+(\\d+)\\s+iterations");
    private static final Pattern NOT_CONVERGED = Pattern.compile("convergence NOT achieved after\\s+(\\d+)\\s+iterations");
    private static final Pattern ITERATION = Pattern.compile("^iteration #\\s*(\\d+)");
    private static final Pattern ACCURACY = Pattern.compile("^estimated scf accuracy\\s*<\\s*(\\S+)\\s*Ry");
    private static final Pattern THRESHOLD = Pattern.compile("^scf convergence threshold\\s*=\\s*(\\S+)");
    private static final Pattern WALL = Pattern.compile("^PWSCF\\s*:.*CPU(.*)WALL");
    private static final Pattern DURATION = Pattern.compile(
            "^\\s*(?:(\\d+)\\s*d)?\\s*(?:(\\d+)\\s*h)?\\s*(?:(\\d+)\\s*m)?\\s*(?:([0-9]*\\.?[0-9]+)\\s*s)?\\s*$");
    private static final Pattern ERROR_ROUTINE = Pattern.compile("Error in routine\\s+(\\S+)\\s*\\(");
    private static final Pattern FORCE = Pattern.compile(
            "^\\s*atom\\s+(\\d+)\\s+type\\s+\\d+\\s+force\\s*=\\s*(\\S+)\\s+(\\S+)\\s+(\\S+)\\s*$");
    private static final Pattern BLOCK_ALAT = Pattern.compile("alat\\s*=\\s*([-+0-9.eEdD]+)");
    /** Arrays for atoms start this small and grow, so a garbled atom count cannot exhaust memory. */
    private static final int INITIAL_CAPACITY = 1024;
    /** An error block longer than this is not pw.x's. */
    private static final int MAX_ERROR_LINES = 20;

    /** Wall time in seconds from pw.x's clock format ("1.45s", "1m23.45s", "1h22m", "1d 3h12m"); NaN if garbled. */
    static double parseDuration(String text) {
        Matcher m = DURATION.matcher(text);
        if (text.isBlank() || !m.matches() || m.group(1) == null && m.group(2) == null && m.group(3) == null
                && m.group(4) == null) {
            return Double.NaN;
        }
        double s = 0;
        if (m.group(1) != null) {
            s += 86400.0 * Long.parseLong(m.group(1));
        }
        if (m.group(2) != null) {
            s += 3600.0 * Long.parseLong(m.group(2));
        }
        if (m.group(3) != null) {
            s += 60.0 * Long.parseLong(m.group(3));
        }
        if (m.group(4) != null) {
            s += Double.parseDouble(m.group(4));
        }
        return s;
    }

    /** Reads a pw.x output line by line, tracking the current structure and the labels of the last SCF. */
    private static final class Parser {
        private final LineSource in;
        String version;
        private int nat = -1;
        private Double alatBohr;
        private final Map<String, Element> speciesElements = new HashMap<>();

        // the structure as last printed
        private double[] cell;
        private String[] labels;
        private double[] positions;
        private boolean fromBlocks;

        // the last SCF
        Double energyRy;
        private double[] cellAtEnergy;
        private String[] labelsAtEnergy;
        private double[] positionsAtEnergy;
        private double[] forcesRyBohr;
        private double[] stressRyBohr3;
        Boolean converged;
        Integer scfIterations;
        int iterationsSeen;
        boolean scfConvergedSeen;
        String notConvergedLine;
        Double lastAccuracy;
        Double convThr;
        boolean jobDone;
        double wallSeconds = Double.NaN;
        private String scfCorrectionWarning;

        // failures
        String errorText;
        String errorRoutine;
        private List<String> errorLines;
        String memoryLine;
        /** The first content error; with {@link #problemAtEnd} when the output ended inside a block. */
        FormatException problem;
        boolean problemAtEnd;

        Parser(LineSource in) {
            this.in = in;
        }

        /** Parses everything; the first content error is thrown. */
        void run() throws IOException {
            String line;
            while ((line = in.next()) != null) {
                if (markers(line)) {
                    structured(line.strip());
                }
            }
            endErrorBlock();
        }

        /** Parses everything; a content error is kept in {@link #problem} and the rest is only scanned for markers. */
        void runTolerant() throws IOException {
            try {
                run();
                return;
            } catch (FormatException e) {
                problem = e;
            }
            String line;
            boolean more = false;
            try {
                while ((line = in.next()) != null) {
                    more = true;
                    markers(line);
                }
            } catch (FormatException e) {
                // bytes that are not text after the first problem: nothing more to learn
                more = true;
            }
            problemAtEnd = !more;
            endErrorBlock();
        }

        /** Error blocks, memory messages, JOB DONE; false when the line belongs to an error block. */
        private boolean markers(String line) {
            String t = line.strip();
            if (errorLines != null) {
                if (t.startsWith("%%%%")) {
                    endErrorBlock();
                } else if (!t.isEmpty() && errorLines.size() < MAX_ERROR_LINES) {
                    errorLines.add(t);
                }
                return false;
            }
            if (t.startsWith("%%%%%%%%")) {
                if (errorText == null) {
                    errorLines = new ArrayList<>();
                }
                return false;
            }
            if (memoryLine == null && MEMORY.matcher(t).find()) {
                memoryLine = t;
            }
            if (t.contains("JOB DONE.")) {
                jobDone = true;
            }
            return true;
        }

        private void endErrorBlock() {
            if (errorLines == null) {
                return;
            }
            if (!errorLines.isEmpty() && errorText == null) {
                errorText = String.join(" ", errorLines);
                Matcher m = ERROR_ROUTINE.matcher(errorText);
                if (m.find()) {
                    errorRoutine = m.group(1);
                }
            }
            errorLines = null;
        }

        private void structured(String t) throws IOException {
            if (t.isEmpty()) {
                return;
            }
            Matcher m;
            if (version == null && (m = VERSION.matcher(t)).find()) {
                version = m.group(1);
            } else if (t.startsWith("number of atoms/cell")) {
                nat = integerAfterEquals(t, "the number of atoms");
            } else if (t.startsWith("celldm(1)=")) {
                m = CELLDM1.matcher(t);
                if (m.find()) {
                    alatBohr = number(m.group(1), "celldm(1)");
                }
            } else if (t.startsWith("lattice parameter (alat)") && alatBohr == null) {
                m = AFTER_EQUALS.matcher(t);
                if (m.find()) {
                    alatBohr = number(m.group(1), "the lattice parameter");
                }
            } else if ((m = THRESHOLD.matcher(t)).find()) {
                convThr = number(m.group(1), "the scf convergence threshold");
            } else if (t.startsWith("crystal axes: (cart. coord. in units of alat)")) {
                readCrystalAxes();
            } else if (t.startsWith("site n.") && t.contains("positions (alat units)")) {
                readSiteTable();
            } else if (t.startsWith("atomic species") && t.contains("pseudopotential")) {
                readSpeciesTable();
            } else if (t.startsWith("CELL_PARAMETERS")) {
                readCellBlock(t);
            } else if (t.startsWith("ATOMIC_POSITIONS")) {
                readPositionsBlock(t);
            } else if (t.startsWith("Self-consistent Calculation")) {
                iterationsSeen = 0;
                scfConvergedSeen = false;
            } else if ((m = ITERATION.matcher(t)).find()) {
                iterationsSeen = in.parseInt(m.group(1), "the iteration number");
            } else if ((m = ACCURACY.matcher(t)).find()) {
                lastAccuracy = number(m.group(1), "the estimated scf accuracy");
            } else if (t.startsWith("!") && (m = ENERGY.matcher(t)).find()) {
                energyRy = number(m.group(1), "the total energy");
                if (positions == null || cell == null) {
                    throw in.error("the total energy comes before any cell and atomic positions");
                }
                cellAtEnergy = cell.clone();
                labelsAtEnergy = labels.clone();
                positionsAtEnergy = positions.clone();
                forcesRyBohr = null;
                stressRyBohr3 = null;
                scfCorrectionWarning = null;
            } else if ((m = CONVERGED.matcher(t)).find()) {
                converged = true;
                scfConvergedSeen = true;
                scfIterations = in.parseInt(m.group(1), "the number of SCF iterations");
            } else if ((m = NOT_CONVERGED.matcher(t)).find()) {
                converged = false;
                scfIterations = in.parseInt(m.group(1), "the number of SCF iterations");
                notConvergedLine = t;
            } else if (t.startsWith("Forces acting on atoms")) {
                readForces();
            } else if (t.matches("total\\s+stress.*")) {
                readStress();
            } else if (t.startsWith("SCF correction compared to forces is large")) {
                scfCorrectionWarning = "pw.x: " + t;
            } else if ((m = WALL.matcher(t)).find()) {
                wallSeconds = parseDuration(m.group(1));
            }
        }

        Frame frame() throws FormatException {
            try {
                return buildFrame();
            } catch (IllegalArgumentException e) {
                // counts that disagree between blocks of a damaged output
                throw in.error(0, "the output's structure and labels do not fit together: " + e.getMessage());
            }
        }

        private Frame buildFrame() throws FormatException {
            Element[] species = new Element[labelsAtEnergy.length];
            for (int i = 0; i < species.length; i++) {
                String label = labelsAtEnergy[i];
                Element e = speciesElements.get(label);
                if (e == null) {
                    e = PeriodicTable.fromLabel(label).orElse(null);
                }
                if (e == null) {
                    throw in.error(0, "species '" + label + "' of atom " + (i + 1) + " names no element");
                }
                species[i] = e;
            }
            Lattice lattice;
            try {
                lattice = Lattice.fromVectors(cellAtEnergy);
            } catch (IllegalArgumentException e) {
                throw in.error(0, "the cell in the output is not valid: " + e.getMessage());
            }
            if (forcesRyBohr != null && forcesRyBohr.length != 3 * species.length) {
                throw in.error(0, "the forces block lists " + forcesRyBohr.length / 3 + " atoms, the structure has "
                        + species.length);
            }
            Frame frame = new Frame(new Structure(lattice, species, positionsAtEnergy));
            frame.setEnergy(energyRy * Units.RYDBERG_EV);
            if (forcesRyBohr != null) {
                double[] f = new double[forcesRyBohr.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = forcesRyBohr[i] * Units.RY_PER_BOHR_TO_EV_PER_ANGSTROM;
                }
                frame.setForces(f);
            }
            if (stressRyBohr3 != null) {
                double[] s = new double[9];
                for (int i = 0; i < 9; i++) {
                    // pw.x prints the stress positive when compressive; Kiseki (like ASE) uses the opposite sign
                    s[i] = -stressRyBohr3[i] * Units.RY_PER_BOHR3_TO_EV_PER_ANGSTROM3;
                }
                frame.setStress(s);
            }
            frame.info().put("qe.version", version);
            if (converged != null) {
                frame.info().put("qe.converged", converged.toString());
                frame.info().put("qe.scf_iterations", scfIterations.toString());
            }
            if (scfCorrectionWarning != null) {
                frame.warnings().add(scfCorrectionWarning);
            }
            return frame;
        }

        private void requireNat() throws FormatException {
            if (nat < 0) {
                throw in.error("atoms are listed before 'number of atoms/cell'");
            }
        }

        private double alatAngstrom() throws FormatException {
            if (alatBohr == null) {
                throw in.error("coordinates in units of alat come before 'celldm(1)' or 'lattice parameter (alat)'");
            }
            return alatBohr * Units.BOHR_ANGSTROM;
        }

        /** The next line of a block; the end of the file here means the output was cut off. */
        private String require(String expected) throws IOException {
            return in.require(expected);
        }

        private void readCrystalAxes() throws IOException {
            double alat = alatAngstrom();
            double[] c = new double[9];
            for (int k = 0; k < 3; k++) {
                String line = require("crystal axis a(" + (k + 1) + ")");
                Matcher m = AXIS.matcher(line);
                if (!m.find()) {
                    throw in.error("expected crystal axis 'a(" + (k + 1) + ") = ( x y z )', found '"
                            + abbreviate(line) + "'");
                }
                for (int d = 0; d < 3; d++) {
                    c[3 * k + d] = number(m.group(d + 1), "a crystal axis component") * alat;
                }
            }
            if (!fromBlocks) {
                cell = c;
            }
        }

        private void readSiteTable() throws IOException {
            requireNat();
            double alat = alatAngstrom();
            String[] l = new String[Math.min(nat, INITIAL_CAPACITY)];
            double[] p = new double[3 * l.length];
            for (int i = 0; i < nat; i++) {
                String line = require("site " + (i + 1) + " of " + nat);
                if (i == l.length) {
                    l = Arrays.copyOf(l, 2 * i);
                    p = Arrays.copyOf(p, 6 * i);
                }
                Matcher m = SITE.matcher(line);
                if (!m.find()) {
                    throw in.error("expected site " + (i + 1) + " of " + nat + " ('n  label  tau( n) = ( x y z )'),"
                            + " found '" + abbreviate(line) + "'");
                }
                l[i] = m.group(2);
                for (int d = 0; d < 3; d++) {
                    p[3 * i + d] = number(m.group(d + 3), "a site coordinate") * alat;
                }
            }
            if (!fromBlocks) {
                labels = Arrays.copyOf(l, nat);
                positions = Arrays.copyOf(p, 3 * nat);
            }
        }

        private void readSpeciesTable() throws IOException {
            String line;
            while ((line = in.next()) != null) {
                if (line.isBlank()) {
                    return;
                }
                Matcher m = SPECIES.matcher(line);
                if (m.find()) {
                    PeriodicTable.bySymbol(m.group(2)).ifPresent(e -> speciesElements.put(m.group(1), e));
                }
            }
        }

        private void readCellBlock(String header) throws IOException {
            double scale;
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.contains("angstrom")) {
                scale = 1;
            } else if (lower.contains("bohr")) {
                scale = Units.BOHR_ANGSTROM;
            } else if (lower.contains("alat")) {
                Matcher m = BLOCK_ALAT.matcher(lower);
                scale = m.find() ? number(m.group(1).replaceAll("[dD]", "e"), "alat") * Units.BOHR_ANGSTROM
                        : alatAngstrom();
            } else {
                throw in.error("CELL_PARAMETERS without a unit (angstrom, bohr or alat): '" + abbreviate(header) + "'");
            }
            double[] c = new double[9];
            for (int k = 0; k < 3; k++) {
                String[] v = require("cell vector " + (k + 1)).strip().split("\\s+");
                if (v.length != 3) {
                    throw in.error("a CELL_PARAMETERS line needs 3 numbers, found " + v.length);
                }
                for (int d = 0; d < 3; d++) {
                    c[3 * k + d] = number(v[d], "a cell vector component") * scale;
                }
            }
            cell = c;
            fromBlocks = true;
        }

        private void readPositionsBlock(String header) throws IOException {
            requireNat();
            String lower = header.toLowerCase(Locale.ROOT);
            String unit = lower.contains("crystal") ? "crystal" : lower.contains("angstrom") ? "angstrom"
                    : lower.contains("bohr") ? "bohr" : lower.contains("alat") ? "alat" : null;
            if (unit == null || lower.contains("crystal_sg")) {
                throw in.error("ATOMIC_POSITIONS in an unsupported unit: '" + abbreviate(header) + "'");
            }
            if (unit.equals("crystal") && cell == null) {
                throw in.error("crystal coordinates come before any cell");
            }
            double scale = unit.equals("angstrom") ? 1 : unit.equals("bohr") ? Units.BOHR_ANGSTROM
                    : unit.equals("alat") ? alatAngstrom() : 1;
            String[] l = new String[Math.min(nat, INITIAL_CAPACITY)];
            double[] p = new double[3 * l.length];
            Lattice lattice = null;
            if (unit.equals("crystal")) {
                try {
                    lattice = Lattice.fromVectors(cell);
                } catch (IllegalArgumentException e) {
                    throw in.error("the current cell is not valid: " + e.getMessage());
                }
            }
            for (int i = 0; i < nat; i++) {
                String line = require("atom " + (i + 1) + " of " + nat + " in ATOMIC_POSITIONS");
                if (i == l.length) {
                    l = Arrays.copyOf(l, 2 * i);
                    p = Arrays.copyOf(p, 6 * i);
                }
                String[] v = line.strip().split("\\s+");
                if (v.length != 4 && v.length != 7) {
                    throw in.error("an ATOMIC_POSITIONS line needs a label and 3 coordinates, found '"
                            + abbreviate(line) + "'");
                }
                l[i] = v[0];
                for (int d = 0; d < 3; d++) {
                    p[3 * i + d] = number(v[d + 1], "a coordinate") * scale;
                }
                if (lattice != null) {
                    lattice.toCartesian(p, 3 * i, p, 3 * i);
                }
            }
            labels = Arrays.copyOf(l, nat);
            positions = Arrays.copyOf(p, 3 * nat);
            fromBlocks = true;
        }

        private void readForces() throws IOException {
            requireNat();
            double[] f = new double[3 * Math.min(nat, INITIAL_CAPACITY)];
            int count = 0;
            String line;
            while ((line = in.next()) != null) {
                if (line.isBlank() && count == 0) {
                    continue;
                }
                Matcher m = FORCE.matcher(line);
                if (!m.find()) {
                    in.pushBack(line);
                    break;
                }
                int atom;
                try {
                    atom = Integer.parseInt(m.group(1));
                } catch (NumberFormatException e) {
                    throw in.error("atom number '" + m.group(1) + "' is out of range");
                }
                if (atom != count + 1 || atom > nat) {
                    throw in.error("expected the force on atom " + (count + 1) + " of " + nat + ", found atom "
                            + atom);
                }
                if (3 * count == f.length) {
                    f = Arrays.copyOf(f, 6 * count);
                }
                for (int d = 0; d < 3; d++) {
                    f[3 * count + d] = number(m.group(d + 2), "a force component");
                }
                count++;
            }
            if (count != nat) {
                throw in.error(in.lineNumber() + 1, "the forces block has " + count + " atom lines, the output has "
                        + nat + " atoms");
            }
            if (energyRy != null && forcesRyBohr == null) {
                forcesRyBohr = Arrays.copyOf(f, 3 * nat);
            }
        }

        private void readStress() throws IOException {
            double[] s = new double[9];
            for (int k = 0; k < 3; k++) {
                String[] v = require("stress tensor row " + (k + 1)).strip().split("\\s+");
                if (v.length < 3) {
                    throw in.error("a stress tensor row needs 3 numbers (Ry/bohr³), found " + v.length);
                }
                for (int d = 0; d < 3; d++) {
                    s[3 * k + d] = number(v[d], "a stress component");
                }
            }
            if (energyRy != null) {
                stressRyBohr3 = s;
            }
        }

        private int integerAfterEquals(String t, String what) throws FormatException {
            Matcher m = AFTER_EQUALS.matcher(t);
            if (!m.find()) {
                throw in.error("expected '= N' for " + what);
            }
            int n = in.parseInt(m.group(1), what);
            if (n < 0 || n > Integer.MAX_VALUE / 3) {
                throw in.error(what + " " + n + " is out of range");
            }
            return n;
        }

        private double number(String text, String what) throws FormatException {
            return in.parseDouble(text, what);
        }
    }

    static String abbreviate(String line) {
        String t = line.strip();
        return t.length() > 60 ? t.substring(0, 57) + "..." : t;
    }
}
