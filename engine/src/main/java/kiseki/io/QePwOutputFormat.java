package kiseki.io;

import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The final labelled structure of a Quantum ESPRESSO pw.x output (scf, relax, vc-relax, md): the structure of the
 * last SCF, with its total energy (Ry → eV), forces (Ry/bohr → eV/Å) and stress (Ry/bohr³ → eV/Å³, sign flipped
 * from QE's positive-is-compressive to the ASE convention, positive = tensile).
 *
 * <p>The structure of the last SCF is the one printed last before its {@code !    total energy} line: the
 * ATOMIC_POSITIONS / CELL_PARAMETERS blocks of a relaxation, else the initial "crystal axes" and "site n." tables
 * (in units of alat = celldm(1), printed with 6–7 decimals, so about 1e-6 Å). Frame info: {@code qe.version},
 * {@code qe.converged} (true/false, from the last "convergence has been achieved" / "convergence NOT achieved"),
 * {@code qe.scf_iterations}. An output that has no final energy, or that ends before "JOB DONE.", is refused with a
 * {@link FormatException}, so a run that was cut off never yields a half-labelled frame.
 */
public final class QePwOutputFormat implements StructureFormat {

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
    private static final Pattern FORCE = Pattern.compile(
            "^\\s*atom\\s+(\\d+)\\s+type\\s+\\d+\\s+force\\s*=\\s*(\\S+)\\s+(\\S+)\\s+(\\S+)\\s*$");
    /** Arrays for atoms start this small and grow, so a garbled atom count cannot exhaust memory. */
    private static final int INITIAL_CAPACITY = 1024;
    private static final Pattern BLOCK_ALAT = Pattern.compile("alat\\s*=\\s*([-+0-9.eEdD]+)");

    public QePwOutputFormat() {
    }

    @Override
    public String name() {
        return "qe-out";
    }

    @Override
    public List<String> extensions() {
        return List.of("pwo", "out");
    }

    @Override
    public boolean canWrite() {
        return false;
    }

    @Override
    public void write(Path file, List<Frame> frames, WriteOptions options) {
        throw new UnsupportedOperationException("pw.x output files are written by pw.x; write a pw.x input"
                + " with the qe-in format");
    }

    @Override
    public FrameReader open(Path file, ReadOptions options) throws IOException {
        return FrameReader.single(file, in -> new Parser(in).parse());
    }

    /** Reads a pw.x output line by line, tracking the current structure and the labels of the last SCF. */
    private static final class Parser {
        private final LineSource in;
        private String version;
        private int nat = -1;
        private Double alatBohr;
        private final Map<String, Element> speciesElements = new HashMap<>();

        // the structure as last printed
        private double[] cell;
        private String[] labels;
        private double[] positions;
        private boolean fromBlocks;

        // the last SCF
        private Double energyRy;
        private double[] cellAtEnergy;
        private String[] labelsAtEnergy;
        private double[] positionsAtEnergy;
        private double[] forcesRyBohr;
        private double[] stressRyBohr3;
        private Boolean converged;
        private Integer scfIterations;
        private String notConvergedLine;
        private boolean jobDone;

        Parser(LineSource in) {
            this.in = in;
        }

        Frame parse() throws IOException {
            String line;
            while ((line = in.next()) != null) {
                String t = line.strip();
                if (t.isEmpty()) {
                    continue;
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
                } else if ((m = CONVERGED.matcher(t)).find()) {
                    converged = true;
                    scfIterations = Integer.parseInt(m.group(1));
                } else if ((m = NOT_CONVERGED.matcher(t)).find()) {
                    converged = false;
                    scfIterations = Integer.parseInt(m.group(1));
                    notConvergedLine = t;
                } else if (t.startsWith("Forces acting on atoms")) {
                    readForces();
                } else if (t.matches("total\\s+stress.*")) {
                    readStress();
                } else if (t.contains("JOB DONE.")) {
                    jobDone = true;
                }
            }
            return finish();
        }

        private Frame finish() throws FormatException {
            if (version == null) {
                throw in.error(0, "this is not a pw.x output: it has no 'Program PWSCF v.X starts' line");
            }
            if (energyRy == null) {
                if (notConvergedLine != null) {
                    throw in.error(0, "pw.x output has no total energy: the SCF did not converge ('"
                            + notConvergedLine + "')");
                }
                throw in.error(0, "pw.x output has no total energy: the run did not finish");
            }
            if (!jobDone) {
                throw in.error(0, "pw.x output ends before 'JOB DONE.': the run did not finish (the file is cut off,"
                        + " or pw.x was stopped or is still running)");
            }
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
                    // QE prints the stress positive when compressive; ASE (and Kiseki) use the opposite sign
                    s[i] = -stressRyBohr3[i] * Units.RY_PER_BOHR3_TO_EV_PER_ANGSTROM3;
                }
                frame.setStress(s);
            }
            frame.info().put("qe.version", version);
            if (converged != null) {
                frame.info().put("qe.converged", converged.toString());
                frame.info().put("qe.scf_iterations", scfIterations.toString());
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

        private void readCrystalAxes() throws IOException {
            double alat = alatAngstrom();
            double[] c = new double[9];
            for (int k = 0; k < 3; k++) {
                String line = in.require("crystal axis a(" + (k + 1) + ")");
                Matcher m = AXIS.matcher(line);
                if (!m.find()) {
                    throw in.error("expected crystal axis 'a(" + (k + 1) + ") = ( x y z )', found '"
                            + LammpsDataFormat.abbreviate(line) + "'");
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
                String line = in.require("site " + (i + 1) + " of " + nat);
                if (i == l.length) {
                    l = Arrays.copyOf(l, 2 * i);
                    p = Arrays.copyOf(p, 6 * i);
                }
                Matcher m = SITE.matcher(line);
                if (!m.find()) {
                    throw in.error("expected site " + (i + 1) + " of " + nat + " ('n  label  tau( n) = ( x y z )'),"
                            + " found '" + LammpsDataFormat.abbreviate(line) + "'");
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
            while ((line = in.next()) != null && !line.isBlank()) {
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
                throw in.error("CELL_PARAMETERS without a unit (angstrom, bohr or alat): '" + header + "'");
            }
            double[] c = new double[9];
            for (int k = 0; k < 3; k++) {
                String[] v = in.require("cell vector " + (k + 1)).strip().split("\\s+");
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
                throw in.error("ATOMIC_POSITIONS in an unsupported unit: '" + header + "'");
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
                String line = in.require("atom " + (i + 1) + " of " + nat + " in ATOMIC_POSITIONS");
                if (i == l.length) {
                    l = Arrays.copyOf(l, 2 * i);
                    p = Arrays.copyOf(p, 6 * i);
                }
                String[] v = line.strip().split("\\s+");
                if (v.length != 4 && v.length != 7) {
                    throw in.error("an ATOMIC_POSITIONS line needs a label and 3 coordinates, found '"
                            + LammpsDataFormat.abbreviate(line) + "'");
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
                String[] v = in.require("stress tensor row " + (k + 1)).strip().split("\\s+");
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
}
