package kiseki.dft;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import kiseki.structure.PeriodicTable;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Settings of a pw.x SCF labelling run, as a user edits them in a form and the project stores them (Jackson
 * serialises both ways; keys in a fixed order, pseudopotentials sorted by element, absent optional values left out).
 * The input always asks for {@code calculation = 'scf'} with forces and stress ({@code tprnfor}, {@code tstress}).
 *
 * @param ecutwfc          wave-function cutoff (Ry)
 * @param ecutrho          charge-density cutoff (Ry), at least 4 × ecutwfc; null = the default
 *                         ({@link #ecutrhoFor}): 8 × ecutwfc when any pseudopotential is ultrasoft or PAW, 4 × when
 *                         all are norm-conserving
 * @param kpoints          Brillouin-zone sampling (Γ, a mesh, or a spacing in Å⁻¹; see {@link KPoints})
 * @param occupations      "fixed" (insulators, semiconductors) or "smearing" (metals)
 * @param smearing         with "smearing": gaussian, methfessel-paxton, marzari-vanderbilt or fermi-dirac (pw.x's
 *                         short forms such as "mv" or "cold" are accepted and written as given); else ignored
 * @param degauss          with "smearing": the smearing width (Ry); else ignored
 * @param convThrPerAtom   SCF threshold per atom (Ry): pw.x gets {@code conv_thr = convThrPerAtom × nat}, so a
 *                         50-atom cell is converged as tightly per atom as a 2-atom one. Default 1e-9 Ry/atom: the
 *                         error of the forces scales like the square root of the remaining SCF error, and 1e-9 Ry per
 *                         atom keeps it near 1e-3 eV/Å, well below the ~0.08 eV/Å a force field reaches.
 * @param mixingBeta       charge-density mixing factor, 0 &lt; β ≤ 1 (pw.x default 0.7)
 * @param mixingMode       "plain", "TF" or "local-TF" (the last for inhomogeneous systems such as surfaces)
 * @param electronMaxstep  the most SCF iterations before pw.x gives up (default 100)
 * @param diskIo           pw.x {@code disk_io}: "low" (default; wave functions written once at the end), "none",
 *                         "nowf", "medium" or "high"
 * @param pseudoDir        the folder with the pseudopotential files ({@code pseudo_dir})
 * @param pseudopotentials element symbol → pseudopotential file name in {@code pseudoDir}, sorted by element; empty =
 *                         {@code <symbol>.UPF} for every element
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"ecutwfc", "ecutrho", "kpoints", "occupations", "smearing", "degauss", "convThrPerAtom",
        "mixingBeta", "mixingMode", "electronMaxstep", "diskIo", "pseudoDir", "pseudopotentials"})
public record PwSettings(double ecutwfc, Double ecutrho, KPoints kpoints, String occupations, String smearing,
        Double degauss, double convThrPerAtom, double mixingBeta, String mixingMode, int electronMaxstep,
        String diskIo, String pseudoDir, Map<String, String> pseudopotentials) {

    // before DEFAULTS: the constructor of DEFAULTS uses them
    private static final Set<String> SMEARINGS = Set.of("gaussian", "gauss", "methfessel-paxton", "m-p", "mp",
            "marzari-vanderbilt", "cold", "m-v", "mv", "fermi-dirac", "f-d", "fd");
    private static final Set<String> MIXING_MODES = Set.of("plain", "TF", "local-TF");
    private static final Set<String> DISK_IO = Set.of("high", "medium", "low", "nowf", "none");

    public static final double DEFAULT_ECUTWFC = 40;
    public static final KPoints DEFAULT_KPOINTS = KPoints.spacing(0.3);
    public static final double DEFAULT_CONV_THR_PER_ATOM = 1e-9;
    public static final double DEFAULT_MIXING_BETA = 0.7;
    public static final int DEFAULT_ELECTRON_MAXSTEP = 100;

    /** Default smearing width (Ry) of the default Marzari–Vanderbilt occupations. */
    public static final double DEFAULT_DEGAUSS = 0.01;

    /**
     * 40 Ry (the LGPS seed setting), ecutrho by pseudopotential type, k-point spacing 0.3 Å⁻¹, Marzari–Vanderbilt
     * smearing of 0.01 Ry, 1e-9 Ry/atom, β = 0.7 plain mixing, 100 iterations, disk_io 'low', {@code <El>.UPF} files
     * in ./pseudo.
     *
     * <p>Smearing rather than fixed occupations: randomly displaced structures can close the gap at some k-point,
     * and then fixed occupations make the SCF oscillate without converging (seen with displaced 8-atom Si cells at
     * 20 Ry on a 2×2×2 mesh). Cold smearing of 0.01 Ry converges those and leaves the energy of a true insulator such
     * as LGPS unchanged; forces stay the derivative of the printed (free) energy.
     */
    public static final PwSettings DEFAULTS = new PwSettings(DEFAULT_ECUTWFC, null, DEFAULT_KPOINTS, "smearing", "mv",
            DEFAULT_DEGAUSS, DEFAULT_CONV_THR_PER_ATOM, DEFAULT_MIXING_BETA, "plain", DEFAULT_ELECTRON_MAXSTEP, "low", "./pseudo",
            Map.of());

    public PwSettings {
        if (!(ecutwfc > 0) || !Double.isFinite(ecutwfc)) {
            throw new IllegalArgumentException("ecutwfc must be a positive number of Ry, got " + ecutwfc);
        }
        if (ecutrho != null && (!(ecutrho >= 4 * ecutwfc) || !Double.isFinite(ecutrho))) {
            throw new IllegalArgumentException("ecutrho (" + ecutrho + " Ry) must be at least 4 × ecutwfc ("
                    + 4 * ecutwfc + " Ry): 4× suits norm-conserving, 8–12× ultrasoft and PAW pseudopotentials");
        }
        if (kpoints == null) {
            throw new IllegalArgumentException("k-points are missing (gamma, a mesh or a spacing)");
        }
        if (!"fixed".equals(occupations) && !"smearing".equals(occupations)) {
            throw new IllegalArgumentException("occupations must be 'fixed' or 'smearing', got '" + occupations + "'");
        }
        if (smearing != null && !SMEARINGS.contains(smearing)) {
            throw new IllegalArgumentException("smearing '" + smearing + "' is not one of gaussian,"
                    + " methfessel-paxton, marzari-vanderbilt, fermi-dirac (or pw.x's short forms)");
        }
        if (degauss != null && (!(degauss > 0) || !Double.isFinite(degauss))) {
            throw new IllegalArgumentException("degauss must be a positive number of Ry, got " + degauss);
        }
        if (occupations.equals("smearing") && (smearing == null || degauss == null)) {
            throw new IllegalArgumentException("occupations 'smearing' need a smearing type and degauss (Ry), e.g."
                    + " marzari-vanderbilt and 0.01");
        }
        if (!(convThrPerAtom > 0) || !Double.isFinite(convThrPerAtom)) {
            throw new IllegalArgumentException("convThrPerAtom must be a positive number of Ry, got "
                    + convThrPerAtom);
        }
        if (!(mixingBeta > 0 && mixingBeta <= 1)) {
            throw new IllegalArgumentException("mixingBeta must lie in (0, 1], got " + mixingBeta);
        }
        if (!MIXING_MODES.contains(mixingMode)) {
            throw new IllegalArgumentException("mixingMode must be plain, TF or local-TF, got '" + mixingMode + "'");
        }
        if (electronMaxstep < 1) {
            throw new IllegalArgumentException("electronMaxstep must be at least 1, got " + electronMaxstep);
        }
        if (!DISK_IO.contains(diskIo)) {
            throw new IllegalArgumentException("diskIo must be one of low, none, nowf, medium, high, got '" + diskIo
                    + "'");
        }
        PwInput.requireQuotable(pseudoDir, "pseudoDir");
        TreeMap<String, String> files = new TreeMap<>();
        for (Map.Entry<String, String> e : (pseudopotentials == null ? Map.<String, String>of() : pseudopotentials)
                .entrySet()) {
            String symbol = e.getKey() == null ? null : PeriodicTable.bySymbol(e.getKey().strip())
                    .map(el -> el.symbol()).orElse(null);
            if (symbol == null) {
                throw new IllegalArgumentException("'" + e.getKey() + "' in the pseudopotential map is not an element"
                        + " symbol");
            }
            String file = e.getValue();
            if (file == null || file.isBlank() || file.matches(".*[\\s'\"].*")) {
                throw new IllegalArgumentException("the pseudopotential file name for " + symbol
                        + " must be one word without spaces or quotes, got '" + file + "'");
            }
            files.put(symbol, file);
        }
        pseudopotentials = Collections.unmodifiableMap(files);
    }

    /** The JSON creator: absent values (older files, partial forms) take the defaults. */
    @JsonCreator
    static PwSettings fromJson(@JsonProperty("ecutwfc") Double ecutwfc, @JsonProperty("ecutrho") Double ecutrho,
            @JsonProperty("kpoints") KPoints kpoints, @JsonProperty("occupations") String occupations,
            @JsonProperty("smearing") String smearing, @JsonProperty("degauss") Double degauss,
            @JsonProperty("convThrPerAtom") Double convThrPerAtom, @JsonProperty("mixingBeta") Double mixingBeta,
            @JsonProperty("mixingMode") String mixingMode, @JsonProperty("electronMaxstep") Integer electronMaxstep,
            @JsonProperty("diskIo") String diskIo, @JsonProperty("pseudoDir") String pseudoDir,
            @JsonProperty("pseudopotentials") Map<String, String> pseudopotentials) {
        PwSettings d = DEFAULTS;
        // missing occupations take the default smearing; stated smearing occupations take the default type and width
        String occ = occupations != null ? occupations : d.occupations;
        boolean smeared = "smearing".equals(occ);
        String smearingType = smearing != null || !smeared ? smearing : d.smearing;
        Double width = degauss != null || !smeared ? degauss : d.degauss;
        return new PwSettings(ecutwfc != null ? ecutwfc : d.ecutwfc, ecutrho, kpoints != null ? kpoints : d.kpoints,
                occ, smearingType, width,
                convThrPerAtom != null ? convThrPerAtom : d.convThrPerAtom,
                mixingBeta != null ? mixingBeta : d.mixingBeta, mixingMode != null ? mixingMode : d.mixingMode,
                electronMaxstep != null ? electronMaxstep : d.electronMaxstep, diskIo != null ? diskIo : d.diskIo,
                pseudoDir != null ? pseudoDir : d.pseudoDir, pseudopotentials);
    }

    /** The charge-density cutoff to use: the given one, else 8 × ecutwfc with ultrasoft/PAW files, 4 × without. */
    public double ecutrhoFor(boolean anyUltrasoftOrPaw) {
        return ecutrho != null ? ecutrho : (anyUltrasoftOrPaw ? 8 : 4) * ecutwfc;
    }

    /** pw.x's {@code conv_thr} (Ry) for a structure of {@code nat} atoms: convThrPerAtom × nat. */
    public double convThr(int nat) {
        return convThrPerAtom * Math.max(1, nat);
    }

    /** The pseudopotential file for an element: the mapped name, else {@code <symbol>.UPF} when the map is empty. */
    public String pseudoFile(String symbol) {
        if (pseudopotentials.isEmpty()) {
            return symbol + ".UPF";
        }
        String file = pseudopotentials.get(symbol);
        if (file == null) {
            throw new IllegalArgumentException("no pseudopotential file is given for " + symbol + " (the settings"
                    + " name files for " + String.join(", ", pseudopotentials.keySet()) + ")");
        }
        return file;
    }

    // ---------------------------------------------------------------------------------------------- copies

    public PwSettings withCutoffs(double wfc, Double rho) {
        return new PwSettings(wfc, rho, kpoints, occupations, smearing, degauss, convThrPerAtom, mixingBeta,
                mixingMode, electronMaxstep, diskIo, pseudoDir, pseudopotentials);
    }

    public PwSettings withKpoints(KPoints k) {
        return new PwSettings(ecutwfc, ecutrho, k, occupations, smearing, degauss, convThrPerAtom, mixingBeta,
                mixingMode, electronMaxstep, diskIo, pseudoDir, pseudopotentials);
    }

    /** Fixed occupations. */
    public PwSettings withFixedOccupations() {
        return new PwSettings(ecutwfc, ecutrho, kpoints, "fixed", null, null, convThrPerAtom, mixingBeta,
                mixingMode, electronMaxstep, diskIo, pseudoDir, pseudopotentials);
    }

    /** Smeared occupations, e.g. ("marzari-vanderbilt", 0.01). */
    public PwSettings withSmearing(String type, double degaussRy) {
        return new PwSettings(ecutwfc, ecutrho, kpoints, "smearing", type, degaussRy, convThrPerAtom, mixingBeta,
                mixingMode, electronMaxstep, diskIo, pseudoDir, pseudopotentials);
    }

    public PwSettings withConvThrPerAtom(double ry) {
        return new PwSettings(ecutwfc, ecutrho, kpoints, occupations, smearing, degauss, ry, mixingBeta,
                mixingMode, electronMaxstep, diskIo, pseudoDir, pseudopotentials);
    }

    public PwSettings withMixing(double beta, String mode) {
        return new PwSettings(ecutwfc, ecutrho, kpoints, occupations, smearing, degauss, convThrPerAtom, beta,
                mode, electronMaxstep, diskIo, pseudoDir, pseudopotentials);
    }

    public PwSettings withElectronMaxstep(int steps) {
        return new PwSettings(ecutwfc, ecutrho, kpoints, occupations, smearing, degauss, convThrPerAtom, mixingBeta,
                mixingMode, steps, diskIo, pseudoDir, pseudopotentials);
    }

    public PwSettings withDiskIo(String value) {
        return new PwSettings(ecutwfc, ecutrho, kpoints, occupations, smearing, degauss, convThrPerAtom, mixingBeta,
                mixingMode, electronMaxstep, value, pseudoDir, pseudopotentials);
    }

    public PwSettings withPseudopotentials(String dir, Map<String, String> files) {
        return new PwSettings(ecutwfc, ecutrho, kpoints, occupations, smearing, degauss, convThrPerAtom, mixingBeta,
                mixingMode, electronMaxstep, diskIo, dir, files);
    }

    /**
     * The folder and file names of an assignment, to store it.
     *
     * @throws IllegalArgumentException when the assignment's files are not all in one folder
     */
    public PwSettings withPseudopotentials(PseudoAssignment assignment) {
        String dir = assignment.pseudoDir().map(Object::toString).orElseThrow(() -> new IllegalArgumentException(
                "the pseudopotentials are not all in one folder: " + String.join("; ", assignment.problems())));
        return withPseudopotentials(dir, assignment.fileNames());
    }

    // ---------------------------------------------------------------------------------------------- JSON

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Pretty JSON with a fixed key order. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write settings as JSON", e);
        }
    }

    /**
     * Settings from JSON (absent keys take the defaults, unknown keys are ignored).
     *
     * @throws IllegalArgumentException with the reason when the JSON is not valid settings
     */
    public static PwSettings fromJson(String json) {
        try {
            return JSON.readValue(json, PwSettings.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
                cause = cause.getCause();
            }
            String reason = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
            throw new IllegalArgumentException("not valid pw.x settings: " + reason, e);
        }
    }
}
