package kiseki.potential;

import com.fasterxml.jackson.databind.JsonNode;
import kiseki.io.FormatException;
import kiseki.structure.Element;
import kiseki.structure.NeighborList;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lennard-Jones 12-6 pair potential with the LAMMPS {@code pair_style lj/cut} convention: E = Σ_{i<j, r<rc}
 * 4ε[(σ/r)¹² − (σ/r)⁶], plainly truncated at rc (no energy shift, no smoothing), with the same arithmetic as LAMMPS
 * (r⁻² → r⁻⁶, force prefactor r⁻⁶(48εσ¹² r⁻⁶ − 24εσ⁶) r⁻²), so runs can be compared with LAMMPS.
 *
 * <p>Either one (ε, σ) for every pair of atoms whatever their elements ({@link #of}), or parameters per element pair
 * ({@link #builder}): explicit pairs, and missing cross pairs mixed from the like pairs (Lorentz–Berthelot, or the
 * geometric rule LAMMPS uses by default).
 *
 * <p>Immutable and thread-safe. Per-atom energies get half of each pair; {@link #compute(Structure, NeighborList,
 * PotentialResult, int, int)} evaluates the pairs owned by a range of atoms so that two threads can each fill their
 * own {@link PotentialResult}.
 */
public final class LennardJones implements Potential {

    public static final String STYLE = "lj";

    /** How cross-pair parameters follow from the like pairs. */
    public enum Mixing {
        /** σ_ab = (σ_a + σ_b)/2, ε_ab = √(ε_a ε_b) (LAMMPS {@code pair_modify mix arithmetic}). */
        LORENTZ_BERTHELOT,
        /** σ_ab = √(σ_a σ_b), ε_ab = √(ε_a ε_b) (LAMMPS default, {@code pair_modify mix geometric}). */
        GEOMETRIC
    }

    /** ε (eV) and σ (Å) of one element (its like pair) or one element pair. */
    public record Parameters(double epsilon, double sigma) {
        public Parameters {
            if (!(epsilon >= 0) || !Double.isFinite(epsilon)) {
                throw new IllegalArgumentException("epsilon must be a finite number ≥ 0 eV, got " + epsilon);
            }
            if (!(sigma > 0) || !Double.isFinite(sigma)) {
                throw new IllegalArgumentException("sigma must be a finite number > 0 Å, got " + sigma);
            }
        }
    }

    private static final int MAX_Z = 128;

    private final double cutoff;
    private final double cutoffSquared;
    /** Element symbols of the types, or empty for the element-blind form of {@link #of}. */
    private final String[] typeSymbols;
    /** Atomic number → type index, −1 for elements without parameters. */
    private final int[] typeOfZ;
    private final int types;
    /** Per type pair (row-major types×types): 48εσ¹², 24εσ⁶ (force) and 4εσ¹², 4εσ⁶ (energy), as LAMMPS stores them. */
    private final double[] lj1;
    private final double[] lj2;
    private final double[] lj3;
    private final double[] lj4;
    private final Parameters[] parameters;
    /** Energy of each type pair at the cutoff, subtracted when the energy is shifted (LAMMPS pair_modify shift). */
    private final double[] offset;
    private final boolean shifted;

    private LennardJones(double cutoff, String[] typeSymbols, Parameters[] pairParameters) {
        this(cutoff, typeSymbols, pairParameters, false);
    }

    private LennardJones(double cutoff, String[] typeSymbols, Parameters[] pairParameters, boolean shifted) {
        if (!(cutoff > 0) || !Double.isFinite(cutoff)) {
            throw new IllegalArgumentException("cutoff must be a finite number > 0 Å, got " + cutoff);
        }
        this.cutoff = cutoff;
        this.cutoffSquared = cutoff * cutoff;
        this.typeSymbols = typeSymbols;
        this.types = Math.max(1, typeSymbols.length);
        this.typeOfZ = new int[MAX_Z];
        Arrays.fill(typeOfZ, typeSymbols.length == 0 ? 0 : -1);
        for (int t = 0; t < typeSymbols.length; t++) {
            typeOfZ[PeriodicTable.require(typeSymbols[t]).z()] = t;
        }
        this.parameters = pairParameters.clone();
        int n = types * types;
        lj1 = new double[n];
        lj2 = new double[n];
        lj3 = new double[n];
        lj4 = new double[n];
        for (int k = 0; k < n; k++) {
            double eps = parameters[k].epsilon();
            double s6 = Math.pow(parameters[k].sigma(), 6);
            lj1[k] = 48.0 * eps * s6 * s6;
            lj2[k] = 24.0 * eps * s6;
            lj3[k] = 4.0 * eps * s6 * s6;
            lj4[k] = 4.0 * eps * s6;
        }
        this.shifted = shifted;
        this.offset = new double[n];
        if (shifted) {
            double rc6inv = 1.0 / Math.pow(cutoff, 6);
            for (int k = 0; k < n; k++) {
                offset[k] = rc6inv * (lj3[k] * rc6inv - lj4[k]);
            }
        }
    }

    /**
     * The same potential with each pair's energy shifted to zero at the cutoff (LAMMPS {@code pair_modify shift
     * yes}): forces are unchanged, and the total energy no longer jumps when a pair crosses the cutoff, which NVE
     * energy conservation tests need.
     */
    public LennardJones withEnergyShift() {
        return new LennardJones(cutoff, typeSymbols, parameters, true);
    }

    /** Whether energies are shifted to zero at the cutoff. */
    public boolean energyShifted() {
        return shifted;
    }

    /** One ε (eV), σ (Å) and cutoff (Å) for every pair of atoms, whatever their elements. */
    public static LennardJones of(double epsilon, double sigma, double cutoff) {
        return new LennardJones(cutoff, new String[0], new Parameters[] {new Parameters(epsilon, sigma)});
    }

    /** Parameters per element pair; see {@link Builder}. */
    public static Builder builder(double cutoff) {
        return new Builder(cutoff);
    }

    /**
     * Collects like-pair (element) and explicit cross-pair parameters. {@link #build} fills every pair of the elements
     * named: explicit values first, otherwise mixed from the two elements' own parameters.
     */
    public static final class Builder {
        private final double cutoff;
        private final Map<String, Parameters> elements = new LinkedHashMap<>();
        private final Map<String, Parameters> pairs = new LinkedHashMap<>();
        private Mixing mixing = Mixing.LORENTZ_BERTHELOT;

        private Builder(double cutoff) {
            this.cutoff = cutoff;
        }

        /** ε, σ of the like pair a–a, also the input of the mixing rule (as is an explicit like pair a–a). */
        public Builder element(String symbol, double epsilon, double sigma) {
            elements.put(symbol(symbol), new Parameters(epsilon, sigma));
            return this;
        }

        /** ε, σ of the pair a–b (either order), overriding the mixing rule. */
        public Builder pair(String a, String b, double epsilon, double sigma) {
            pairs.put(key(symbol(a), symbol(b)), new Parameters(epsilon, sigma));
            return this;
        }

        /** The mixing rule for cross pairs without explicit values (default Lorentz–Berthelot). */
        public Builder mixing(Mixing rule) {
            this.mixing = java.util.Objects.requireNonNull(rule, "mixing");
            return this;
        }

        public LennardJones build() {
            List<String> symbols = new ArrayList<>(elements.keySet());
            for (String k : pairs.keySet()) {
                for (String s : k.split("-")) {
                    if (!symbols.contains(s)) {
                        symbols.add(s);
                    }
                }
            }
            if (symbols.isEmpty()) {
                throw new IllegalArgumentException("no Lennard-Jones parameters given");
            }
            int n = symbols.size();
            Parameters[] table = new Parameters[n * n];
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    String sa = symbols.get(a);
                    String sb = symbols.get(b);
                    Parameters p = pairs.get(key(sa, sb));
                    if (p == null) {
                        Parameters pa = likePair(sa);
                        Parameters pb = likePair(sb);
                        if (pa == null || pb == null) {
                            throw new IllegalArgumentException("no Lennard-Jones parameters for the pair " + sa + "–"
                                    + sb + ": give them explicitly or give both elements' own parameters");
                        }
                        p = mix(pa, pb, mixing);
                    }
                    table[a * n + b] = p;
                }
            }
            return new LennardJones(cutoff, symbols.toArray(new String[0]), table);
        }

        /** An element's own parameters: given with {@link #element}, or as the explicit like pair a–a. */
        private Parameters likePair(String symbol) {
            Parameters p = elements.get(symbol);
            return p != null ? p : pairs.get(key(symbol, symbol));
        }

        private static String symbol(String s) {
            return PeriodicTable.bySymbol(s).map(Element::symbol)
                    .orElseThrow(() -> new IllegalArgumentException("'" + s + "' is not an element symbol"));
        }

        private static String key(String a, String b) {
            return a.compareTo(b) <= 0 ? a + "-" + b : b + "-" + a;
        }
    }

    /** Cross-pair parameters from two like pairs. */
    public static Parameters mix(Parameters a, Parameters b, Mixing rule) {
        double eps = Math.sqrt(a.epsilon() * b.epsilon());
        double sigma = rule == Mixing.GEOMETRIC ? Math.sqrt(a.sigma() * b.sigma()) : 0.5 * (a.sigma() + b.sigma());
        return new Parameters(eps, sigma);
    }

    @Override
    public String style() {
        return STYLE;
    }

    @Override
    public double cutoff() {
        return cutoff;
    }

    /** True when built by {@link #of}: the same parameters for every pair whatever the elements. */
    public boolean elementBlind() {
        return typeSymbols.length == 0;
    }

    /** The elements with parameters, in type order (empty for the element-blind form). */
    public List<String> elements() {
        return List.of(typeSymbols);
    }

    /** ε, σ of the pair a–b; for the element-blind form any symbols give the single pair. */
    public Parameters parameters(String a, String b) {
        return parameters[pairIndex(a, b)];
    }

    /** Energy (eV) of one a–b pair at distance r (Å): 4ε[(σ/r)¹² − (σ/r)⁶] below the cutoff, 0 from it on. */
    public double pairEnergy(String a, String b, double r) {
        double rsq = r * r;
        if (!(rsq < cutoffSquared)) {
            return 0;
        }
        int k = pairIndex(a, b);
        double r2inv = 1.0 / rsq;
        double r6inv = r2inv * r2inv * r2inv;
        return r6inv * (lj3[k] * r6inv - lj4[k]) - offset[k];
    }

    /** dE/dr (eV/Å) of one a–b pair at distance r, 0 from the cutoff on (the truncation is a step, as in LAMMPS). */
    public double pairDerivative(String a, String b, double r) {
        double rsq = r * r;
        if (!(rsq < cutoffSquared)) {
            return 0;
        }
        int k = pairIndex(a, b);
        double r2inv = 1.0 / rsq;
        double r6inv = r2inv * r2inv * r2inv;
        return -r6inv * (lj1[k] * r6inv - lj2[k]) / r;
    }

    private int pairIndex(String a, String b) {
        if (typeSymbols.length == 0) {
            return 0;
        }
        int ta = typeOfZ[PeriodicTable.require(a).z()];
        int tb = typeOfZ[PeriodicTable.require(b).z()];
        if (ta < 0 || tb < 0) {
            throw new IllegalArgumentException("no Lennard-Jones parameters for the pair " + a + "–" + b);
        }
        return ta * types + tb;
    }

    @Override
    public void compute(Structure structure, NeighborList neighbors, PotentialResult out) {
        compute(structure, neighbors, out, 0, structure.size());
    }

    /**
     * Adds to {@code out} (call {@link PotentialResult#reset()} first for a fresh evaluation) the energy, forces,
     * per-atom energies and virial of the pairs OWNED by atoms {@code from .. to-1}: pair (i, j) is owned by the lower
     * index, an atom's pairs with its own periodic images (both ±shift entries are in a full list) by the atom itself,
     * at half weight per entry. Ranges that partition 0..N−1 thus count every pair exactly once; each thread gives its
     * own result object and the caller sums them.
     */
    public void compute(Structure structure, NeighborList neighbors, PotentialResult out, int from, int to) {
        checkElements(structure);
        double[] perAtom = out.perAtomEnergy;
        double energy = 0;
        for (int i = from; i < to; i++) {
            int ti = typeOfZ[structure.element(i).z()] * types;
            for (int k = neighbors.start(i), end = neighbors.end(i); k < end; k++) {
                int j = neighbors.neighbor(k);
                if (j < i) {
                    continue;
                }
                double dx = neighbors.dx(k);
                double dy = neighbors.dy(k);
                double dz = neighbors.dz(k);
                double rsq = dx * dx + dy * dy + dz * dz;
                if (!(rsq < cutoffSquared)) {
                    continue;
                }
                int t = ti + typeOfZ[structure.element(j).z()];
                double weight = j == i ? 0.5 : 1.0;
                double r2inv = 1.0 / rsq;
                double r6inv = r2inv * r2inv * r2inv;
                // LAMMPS: fpair = r6inv (lj1 r6inv − lj2) r2inv is −(dE/dr)/r
                double fpair = weight * r6inv * (lj1[t] * r6inv - lj2[t]) * r2inv;
                double e = weight * (r6inv * (lj3[t] * r6inv - lj4[t]) - offset[t]);
                energy += e;
                if (perAtom != null) {
                    perAtom[i] += 0.5 * e;
                    perAtom[j] += 0.5 * e;
                }
                out.addPairGradient(i, j, dx, dy, dz, -fpair * dx, -fpair * dy, -fpair * dz);
            }
        }
        out.energy += energy;
    }

    private void checkElements(Structure structure) {
        if (typeSymbols.length == 0) {
            return;
        }
        for (int i = 0; i < structure.size(); i++) {
            int z = structure.element(i).z();
            if (z >= MAX_Z || typeOfZ[z] < 0) {
                throw new IllegalArgumentException("no Lennard-Jones parameters for element "
                        + structure.element(i).symbol() + " (atom " + (i + 1) + "); the potential knows "
                        + String.join(", ", typeSymbols));
            }
        }
    }

    /**
     * Reads a JSON parameter file: {@code {"epsilon": 0.0104, "sigma": 3.40, "cutoff": 8.5}} for one pair type, or
     * per element pair {@code {"cutoff": 8.5, "mixing": "lorentz-berthelot" | "geometric", "elements": {"Ar":
     * {"epsilon": .., "sigma": ..}}, "pairs": [{"elements": ["Ar", "Kr"], "epsilon": .., "sigma": ..}]}}. Units eV, Å.
     */
    public static LennardJones load(Path file) throws IOException {
        JsonNode root = PotentialJson.readObject(file);
        double cutoff = PotentialJson.number(root, "cutoff", "Lennard-Jones parameters", file);
        if (!(cutoff > 0)) {
            throw new FormatException(file, 0, "the cutoff must be > 0 Å, got " + cutoff);
        }
        try {
            if (!root.has("elements") && !root.has("pairs")) {
                return of(PotentialJson.number(root, "epsilon", "Lennard-Jones parameters", file),
                        PotentialJson.number(root, "sigma", "Lennard-Jones parameters", file), cutoff);
            }
            Builder b = builder(cutoff);
            JsonNode mixing = root.get("mixing");
            if (mixing != null) {
                String m = mixing.asText().toLowerCase(java.util.Locale.ROOT);
                switch (m) {
                    case "lorentz-berthelot", "arithmetic" -> b.mixing(Mixing.LORENTZ_BERTHELOT);
                    case "geometric" -> b.mixing(Mixing.GEOMETRIC);
                    default -> throw new FormatException(file, 0, "unknown mixing rule '" + mixing.asText()
                            + "'; use \"lorentz-berthelot\" or \"geometric\"");
                }
            }
            JsonNode elements = root.get("elements");
            if (elements != null) {
                if (!elements.isObject()) {
                    throw new FormatException(file, 0, "'elements' must be an object {\"Ar\": {\"epsilon\": .., "
                            + "\"sigma\": ..}}");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = elements.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String where = "element " + e.getKey();
                    String symbol = PotentialJson.element(PotentialJson.MAPPER.getNodeFactory().textNode(e.getKey()),
                            where, file);
                    b.element(symbol, PotentialJson.number(e.getValue(), "epsilon", where, file),
                            PotentialJson.number(e.getValue(), "sigma", where, file));
                }
            }
            JsonNode pairs = root.get("pairs");
            if (pairs != null) {
                if (!pairs.isArray()) {
                    throw new FormatException(file, 0, "'pairs' must be a list of {\"elements\": [a, b], "
                            + "\"epsilon\": .., \"sigma\": ..}");
                }
                for (int p = 0; p < pairs.size(); p++) {
                    String where = "pair " + (p + 1);
                    String[] ab = PotentialJson.elementPair(pairs.get(p), where, file);
                    b.pair(ab[0], ab[1], PotentialJson.number(pairs.get(p), "epsilon", where, file),
                            PotentialJson.number(pairs.get(p), "sigma", where, file));
                }
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new FormatException(file, 0, e.getMessage());
        }
    }

    /** The registry entry for style "lj". */
    public static final class Loader implements Potentials.Style {
        @Override
        public String name() {
            return STYLE;
        }

        @Override
        public String description() {
            return "Lennard-Jones 12-6 as LAMMPS lj/cut (truncated, not shifted); JSON file {\"epsilon\": eV, "
                    + "\"sigma\": Å, \"cutoff\": Å} or per element pair with Lorentz-Berthelot/geometric mixing";
        }

        @Override
        public Potential load(Path file) throws IOException {
            return LennardJones.load(file);
        }
    }

    @Override
    public String toString() {
        return "LennardJones[" + (elementBlind() ? parameters[0] : String.join(",", typeSymbols)) + ", rc=" + cutoff
                + "]";
    }
}
