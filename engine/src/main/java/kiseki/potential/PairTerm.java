package kiseki.potential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kiseki.io.AtomicFiles;
import kiseki.io.FormatException;
import kiseki.structure.NeighborList;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The classical pair term of a Δ-NNP (style "pair-12-10-8-6"): E_C = Σ_{i&lt;j, r_ij&lt;Rc} φ_ab(r_ij) with the
 * shifted-force φ of {@link PairCoefficients} per unordered element pair. Element pairs without coefficients do not
 * interact; elements without any pair are allowed (they feel nothing).
 *
 * <p>Immutable and thread-safe; {@link #compute(Structure, NeighborList, PotentialResult, int, int)} evaluates the
 * pairs owned by a range of atoms (see there) so two threads can fill their own results.
 */
public final class PairTerm implements Potential {

    public static final String STYLE = "pair-12-10-8-6";

    private static final int MAX_Z = 128;

    private final double cutoff;
    private final double cutoffSquared;
    private final List<PairCoefficients> pairs;
    private final String[] typeSymbols;
    private final int[] typeOfZ;
    private final int types;
    /** Per type pair (row-major): whether it interacts, the four A_n, and the shift terms s1 r + s0. */
    private final boolean[] interacts;
    private final double[] a12;
    private final double[] a10;
    private final double[] a8;
    private final double[] a6;
    private final double[] slope;
    private final double[] offset;

    /** A pair term with cutoff Rc (Å) and coefficients for some element pairs (each unordered pair at most once). */
    public PairTerm(double cutoff, List<PairCoefficients> pairs) {
        if (!(cutoff > 0) || !Double.isFinite(cutoff)) {
            throw new IllegalArgumentException("cutoff must be a finite number > 0 Å, got " + cutoff);
        }
        this.cutoff = cutoff;
        this.cutoffSquared = cutoff * cutoff;
        this.pairs = List.copyOf(pairs);
        List<String> symbols = new ArrayList<>();
        for (PairCoefficients p : this.pairs) {
            for (String s : new String[] {p.first(), p.second()}) {
                if (!symbols.contains(s)) {
                    symbols.add(s);
                }
            }
        }
        typeSymbols = symbols.toArray(new String[0]);
        types = Math.max(1, typeSymbols.length);
        typeOfZ = new int[MAX_Z];
        Arrays.fill(typeOfZ, -1);
        for (int t = 0; t < typeSymbols.length; t++) {
            typeOfZ[PeriodicTable.require(typeSymbols[t]).z()] = t;
        }
        int n = types * types;
        interacts = new boolean[n];
        a12 = new double[n];
        a10 = new double[n];
        a8 = new double[n];
        a6 = new double[n];
        slope = new double[n];
        offset = new double[n];
        for (PairCoefficients p : this.pairs) {
            int ta = symbols.indexOf(p.first());
            int tb = symbols.indexOf(p.second());
            if (interacts[ta * types + tb]) {
                throw new IllegalArgumentException("the pair " + p.first() + "–" + p.second() + " is given twice");
            }
            for (int k : new int[] {ta * types + tb, tb * types + ta}) {
                interacts[k] = true;
                a12[k] = p.a12();
                a10[k] = p.a10();
                a8[k] = p.a8();
                a6[k] = p.a6();
                double s1 = 0;
                double s0 = 0;
                for (int q = 0; q < 4; q++) {
                    int e = PairCoefficients.EXPONENTS[q];
                    double rcn = Math.pow(cutoff, -e);
                    s1 += e * p.coefficient(q) * rcn / cutoff;
                    s0 -= (e + 1) * p.coefficient(q) * rcn;
                }
                slope[k] = s1;
                offset[k] = s0;
            }
        }
    }

    @Override
    public String style() {
        return STYLE;
    }

    @Override
    public double cutoff() {
        return cutoff;
    }

    /** The coefficients, in the order given. */
    public List<PairCoefficients> pairs() {
        return pairs;
    }

    /** The coefficients of the pair a–b (either order), if it interacts. */
    public Optional<PairCoefficients> coefficients(String a, String b) {
        String sa = PeriodicTable.require(a).symbol();
        String sb = PeriodicTable.require(b).symbol();
        return pairs.stream().filter(p -> p.matches(sa, sb)).findFirst();
    }

    /** φ_ab(r) in eV (0 for pairs without coefficients and from Rc on). */
    public double energy(String a, String b, double r) {
        return coefficients(a, b).map(c -> c.energy(r, cutoff)).orElse(0.0);
    }

    /** φ'_ab(r) in eV/Å (0 for pairs without coefficients and from Rc on). */
    public double derivative(String a, String b, double r) {
        return coefficients(a, b).map(c -> c.derivative(r, cutoff)).orElse(0.0);
    }

    @Override
    public void compute(Structure structure, NeighborList neighbors, PotentialResult out) {
        compute(structure, neighbors, out, 0, structure.size());
    }

    /**
     * Adds to {@code out} (call {@link PotentialResult#reset()} first for a fresh evaluation) the energy, forces,
     * per-atom energies (half of each pair to each atom) and virial of the pairs OWNED by atoms {@code from .. to-1}:
     * pair (i, j) belongs to the lower index, and an atom's pairs with its own periodic images (entries +shift and
     * −shift in the full list) to the atom itself at half weight per entry. Ranges partitioning 0..N−1 count every
     * pair once; each thread uses its own result and the caller sums them.
     */
    public void compute(Structure structure, NeighborList neighbors, PotentialResult out, int from, int to) {
        double[] perAtom = out.perAtomEnergy;
        double energy = 0;
        for (int i = from; i < to; i++) {
            int zi = structure.element(i).z();
            int ti = zi < MAX_Z ? typeOfZ[zi] : -1;
            if (ti < 0) {
                continue;
            }
            ti *= types;
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
                int zj = structure.element(j).z();
                int tj = zj < MAX_Z ? typeOfZ[zj] : -1;
                if (tj < 0) {
                    continue;
                }
                int t = ti + tj;
                if (!interacts[t]) {
                    continue;
                }
                double weight = j == i ? 0.5 : 1.0;
                double r = Math.sqrt(rsq);
                double ir2 = 1.0 / rsq;
                double ir6 = ir2 * ir2 * ir2;
                double ir8 = ir6 * ir2;
                double ir10 = ir8 * ir2;
                double ir12 = ir10 * ir2;
                double t12 = a12[t] * ir12;
                double t10 = a10[t] * ir10;
                double t8 = a8[t] * ir8;
                double t6 = a6[t] * ir6;
                double e = weight * (t12 + t10 + t8 + t6 + slope[t] * r + offset[t]);
                // (dφ/dr)/r, so that ∂E/∂r_ij = that × r_ij
                double dedrOverR = weight * (slope[t] / r - (12 * t12 + 10 * t10 + 8 * t8 + 6 * t6) * ir2);
                energy += e;
                if (perAtom != null) {
                    perAtom[i] += 0.5 * e;
                    perAtom[j] += 0.5 * e;
                }
                out.addPairGradient(i, j, dx, dy, dz, dedrOverR * dx, dedrOverR * dy, dedrOverR * dz);
            }
        }
        out.energy += energy;
    }

    /** Plot table from 1.0 Å to Rc in 0.01 Å steps; see {@link #writeTable(Path, double, double)}. */
    public void writeTable(Path file) throws IOException {
        writeTable(file, 1.0, 0.01);
    }

    /**
     * Writes a CSV table for plotting: header {@code r_angstrom,phi_Li-S_eV,...}, then one line per distance from
     * {@code from} up to Rc (inclusive, where every φ is 0) in steps of {@code step}, φ of every pair in eV.
     */
    public void writeTable(Path file, double from, double step) throws IOException {
        if (!(step > 0) || !(from > 0) || !(from < cutoff)) {
            throw new IllegalArgumentException("need 0 < from < Rc and step > 0, got from " + from + ", step " + step);
        }
        AtomicFiles.write(file, w -> {
            w.write("r_angstrom");
            for (PairCoefficients p : pairs) {
                w.write(",phi_" + p.label() + "_eV");
            }
            w.write('\n');
            long steps = Math.round(Math.floor((cutoff - from) / step + 1e-9));
            for (long s = 0; s <= steps; s++) {
                double r = Math.min(cutoff, from + s * step);
                w.write(String.format(Locale.ROOT, "%.4f", r));
                for (PairCoefficients p : pairs) {
                    w.write(',');
                    w.write(String.format(Locale.ROOT, "%.10g", p.energy(r, cutoff)));
                }
                w.write('\n');
            }
        });
    }

    /**
     * Writes the pair term as JSON: {@code {"style": "pair-12-10-8-6", "cutoff": 6.0, "pairs": [{"elements": ["P",
     * "S"], "A12": .., "A10": .., "A8": .., "A6": ..}]}} (eV·Åⁿ), read back by {@link #load}.
     */
    public void write(Path file) throws IOException {
        ObjectNode root = PotentialJson.MAPPER.createObjectNode();
        root.put("style", STYLE);
        root.put("cutoff", cutoff);
        root.put("form", "phi(r) = sum_n A_n [r^-n - Rc^-n + n (r - Rc) Rc^-(n+1)], n = 12, 10, 8, 6; eV, Angstrom");
        ArrayNode list = root.putArray("pairs");
        for (PairCoefficients p : pairs) {
            ObjectNode o = list.addObject();
            o.putArray("elements").add(p.first()).add(p.second());
            o.put("A12", p.a12());
            o.put("A10", p.a10());
            o.put("A8", p.a8());
            o.put("A6", p.a6());
        }
        AtomicFiles.writeString(file, PotentialJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root)
                + "\n");
    }

    /** Reads the JSON written by {@link #write}. */
    public static PairTerm load(Path file) throws IOException {
        JsonNode root = PotentialJson.readObject(file);
        JsonNode style = root.get("style");
        if (style != null && !STYLE.equals(style.asText())) {
            throw new FormatException(file, 0, "style is '" + style.asText() + "', expected '" + STYLE + "'");
        }
        double cutoff = PotentialJson.number(root, "cutoff", "pair term", file);
        if (!(cutoff > 0)) {
            throw new FormatException(file, 0, "the cutoff must be > 0 Å, got " + cutoff);
        }
        JsonNode list = root.get("pairs");
        if (list == null || !list.isArray()) {
            throw new FormatException(file, 0, "'pairs' must be a list of {\"elements\": [a, b], \"A12\": .., "
                    + "\"A10\": .., \"A8\": .., \"A6\": ..}");
        }
        List<PairCoefficients> pairs = new ArrayList<>();
        for (int p = 0; p < list.size(); p++) {
            JsonNode o = list.get(p);
            String where = "pair " + (p + 1);
            if (!o.isObject()) {
                throw new FormatException(file, 0, where + ": expected an object");
            }
            String[] ab = PotentialJson.elementPair(o, where, file);
            pairs.add(new PairCoefficients(ab[0], ab[1], PotentialJson.number(o, "A12", where, file),
                    PotentialJson.number(o, "A10", where, file), PotentialJson.number(o, "A8", where, file),
                    PotentialJson.number(o, "A6", where, file)));
        }
        try {
            return new PairTerm(cutoff, pairs);
        } catch (IllegalArgumentException e) {
            throw new FormatException(file, 0, e.getMessage());
        }
    }

    /** The registry entry for style "pair-12-10-8-6". */
    public static final class Loader implements Potentials.Style {
        @Override
        public String name() {
            return STYLE;
        }

        @Override
        public String description() {
            return "Δ-NNP classical pair term, shifted-force A12/r^12 + A10/r^10 + A8/r^8 + A6/r^6 per element pair; "
                    + "JSON file {\"cutoff\": Å, \"pairs\": [{\"elements\": [a, b], \"A12\": .., ..}]}";
        }

        @Override
        public Potential load(Path file) throws IOException {
            return PairTerm.load(file);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PairTerm[rc=").append(cutoff);
        for (PairCoefficients p : pairs) {
            sb.append(", ").append(p.label());
        }
        return sb.append(']').toString();
    }
}
