package kiseki.dft;

import kiseki.io.Numbers;
import kiseki.structure.Element;
import kiseki.structure.Structure;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders pw.x SCF inputs: the one place in Kiseki that writes pw.x input text.
 *
 * <p>Layout: &amp;CONTROL (calculation 'scf', prefix, outdir, pseudo_dir, tprnfor and tstress always on, disk_io),
 * &amp;SYSTEM (ibrav 0, nat, ntyp, ecutwfc, ecutrho always written, occupations and smearing), &amp;ELECTRONS
 * (conv_thr = per-atom threshold × nat, mixing_beta, mixing_mode, electron_maxstep), ATOMIC_SPECIES (elements in order
 * of first appearance, standard atomic weights), CELL_PARAMETERS angstrom (the shortest decimals that read back to the
 * same doubles), ATOMIC_POSITIONS angstrom (12 decimals), K_POINTS (gamma or automatic).
 */
public final class PwInput {

    /** Decimals of the Cartesian positions (1e-12 Å: far below anything pw.x resolves). */
    public static final int POSITION_DECIMALS = 12;

    private PwInput() {
    }

    /**
     * The input for a structure with the pseudopotentials of an assignment (its folder becomes pseudo_dir; its types
     * decide the default ecutrho). The settings' own pseudoDir and file map are not used: they are where the
     * assignment came from ({@link PseudoAssignment#fromSettings}).
     *
     * @throws IllegalArgumentException when the structure has no cell, when the assignment has no pseudopotential for
     *                                  one of its elements, or when its files are not in one folder
     */
    public static String render(Structure structure, PwSettings settings, PseudoAssignment pseudos, String prefix,
            String outdir) {
        Map<String, String> files = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Element e : structure.elements()) {
            pseudos.get(e.symbol()).ifPresentOrElse(u -> files.put(e.symbol(), u.fileName()),
                    () -> problems.add("no pseudopotential for " + e.symbol()));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("cannot write the pw.x input: " + String.join("; ", problems));
        }
        String dir = pseudos.pseudoDir().map(Object::toString).orElseThrow(() -> new IllegalArgumentException(
                "cannot write the pw.x input: the pseudopotentials are not in one folder"));
        double ecutrho = settings.ecutrhoFor(pseudos.anyAugmented());
        return text(structure, settings, files, dir, ecutrho, prefix, outdir);
    }

    /**
     * The input with the settings' own pseudo_dir and file map, without reading the files. The pseudopotential types
     * are then unknown, so an unset ecutrho becomes 8 × ecutwfc (right for every type; for norm-conserving files
     * 4 × would do). Used by the qe-in structure format.
     *
     * @throws IllegalArgumentException when the structure has no cell or the map lacks one of its elements
     */
    public static String render(Structure structure, PwSettings settings, String prefix, String outdir) {
        Map<String, String> files = new LinkedHashMap<>();
        for (Element e : structure.elements()) {
            files.put(e.symbol(), settings.pseudoFile(e.symbol()));
        }
        return text(structure, settings, files, settings.pseudoDir(), settings.ecutrhoFor(true), prefix, outdir);
    }

    private static String text(Structure s, PwSettings settings, Map<String, String> files, String pseudoDir,
            double ecutrho, String prefix, String outdir) {
        if (!s.hasLattice()) {
            throw new IllegalArgumentException("pw.x needs a periodic cell, and this structure has none");
        }
        if (s.size() == 0) {
            throw new IllegalArgumentException("the structure has no atoms");
        }
        requireQuotable(prefix, "prefix");
        requireQuotable(outdir, "outdir");
        requireQuotable(pseudoDir, "pseudo_dir");
        List<Element> species = s.elements();
        StringBuilder sb = new StringBuilder(512 + 72 * s.size());
        sb.append("&CONTROL\n");
        sb.append("  calculation = 'scf'\n");
        sb.append("  prefix = '").append(prefix).append("'\n");
        sb.append("  outdir = '").append(outdir).append("'\n");
        sb.append("  pseudo_dir = '").append(pseudoDir).append("'\n");
        sb.append("  tprnfor = .true.\n");
        sb.append("  tstress = .true.\n");
        sb.append("  disk_io = '").append(settings.diskIo()).append("'\n");
        sb.append("/\n");
        sb.append("&SYSTEM\n");
        sb.append("  ibrav = 0\n");
        sb.append("  nat = ").append(s.size()).append('\n');
        sb.append("  ntyp = ").append(species.size()).append('\n');
        sb.append("  ecutwfc = ").append(fortran(settings.ecutwfc())).append('\n');
        sb.append("  ecutrho = ").append(fortran(ecutrho)).append('\n');
        sb.append("  occupations = '").append(settings.occupations()).append("'\n");
        if (settings.occupations().equals("smearing")) {
            sb.append("  smearing = '").append(settings.smearing()).append("'\n");
            sb.append("  degauss = ").append(fortran(settings.degauss())).append('\n');
        }
        sb.append("/\n");
        sb.append("&ELECTRONS\n");
        sb.append("  conv_thr = ").append(fortran(settings.convThr(s.size()))).append('\n');
        sb.append("  mixing_beta = ").append(fortran(settings.mixingBeta())).append('\n');
        sb.append("  mixing_mode = '").append(settings.mixingMode()).append("'\n");
        sb.append("  electron_maxstep = ").append(settings.electronMaxstep()).append('\n');
        sb.append("/\n");
        sb.append("ATOMIC_SPECIES\n");
        for (Element e : species) {
            sb.append(String.format(Locale.ROOT, "  %-3s %s %s%n", e.symbol(), fortran(e.mass()),
                    files.get(e.symbol())));
        }
        sb.append("CELL_PARAMETERS angstrom\n");
        double[] m = s.lattice().matrix();
        for (int i = 0; i < 3; i++) {
            sb.append("  ").append(exact(m[3 * i])).append(' ').append(exact(m[3 * i + 1])).append(' ')
                    .append(exact(m[3 * i + 2])).append('\n');
        }
        sb.append("ATOMIC_POSITIONS angstrom\n");
        double[] p = s.positions();
        for (int i = 0; i < s.size(); i++) {
            sb.append(String.format(Locale.ROOT, "  %-3s %19s %19s %19s%n", s.element(i).symbol(),
                    Numbers.fixed(p[3 * i], POSITION_DECIMALS), Numbers.fixed(p[3 * i + 1], POSITION_DECIMALS),
                    Numbers.fixed(p[3 * i + 2], POSITION_DECIMALS)));
        }
        int[] mesh = settings.kpoints().meshFor(s.lattice());
        if (mesh == null) {
            sb.append("K_POINTS gamma\n");
        } else {
            int[] shift = settings.kpoints().shiftArray();
            sb.append("K_POINTS automatic\n");
            sb.append("  ").append(mesh[0]).append(' ').append(mesh[1]).append(' ').append(mesh[2]).append(' ')
                    .append(shift[0]).append(' ').append(shift[1]).append(' ').append(shift[2]).append('\n');
        }
        return sb.toString().replace("\r\n", "\n");
    }

    /**
     * Settings for a second attempt after an SCF that did not converge: half the mixing factor (but not below 0.1;
     * a factor already below stays), 'local-TF' mixing (damps the long-wavelength charge sloshing that usually stops
     * convergence), and twice the iterations. Everything else stays, so the labels remain comparable.
     */
    public static PwSettings retrySettings(PwSettings settings) {
        double beta = settings.mixingBeta();
        double retryBeta = beta <= 0.1 ? beta : Math.max(0.1, 0.5 * beta);
        int steps = settings.electronMaxstep() > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE
                : 2 * settings.electronMaxstep();
        return settings.withMixing(retryBeta, "local-TF").withElectronMaxstep(steps);
    }

    /** A number as Fortran reads it, 12 significant digits at most: 40.0, 0.35, 8.0E-9. */
    public static String fortran(double v) {
        if (v == 0) {
            return "0.0";
        }
        double rounded = new BigDecimal(v).round(new MathContext(12)).doubleValue();
        return Double.toString(rounded);
    }

    /** The shortest decimal that reads back as the same double (cell vectors must be exact). */
    static String exact(double v) {
        return v == 0 ? "0.0" : Double.toString(v);
    }

    /** pw.x keeps prefix, outdir and pseudo_dir in 256-character strings and would cut longer ones silently. */
    static final int MAX_QUOTED_LENGTH = 256;

    /** Text that goes between single quotes in a namelist: non-empty, no quotes, no line breaks, not too long. */
    static void requireQuotable(String value, String what) {
        if (value == null || value.isBlank() || value.indexOf('\'') >= 0 || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(what + " must be non-empty text without quotes or line breaks, got '"
                    + value + "'");
        }
        if (value.length() > MAX_QUOTED_LENGTH) {
            throw new IllegalArgumentException(what + " is " + value.length() + " characters long; pw.x reads at most "
                    + MAX_QUOTED_LENGTH + " (use a shorter folder path)");
        }
    }
}
