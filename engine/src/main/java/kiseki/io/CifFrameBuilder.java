package kiseki.io;

import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.NeighborList;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Turns one CIF data block into a frame: cell, symmetry operators, atom sites, expansion of the sites by the
 * operators, merging of symmetry-equivalent copies, and the treatment of partially occupied or shared sites.
 */
final class CifFrameBuilder {

    /** Images closer than this (Å) are one position: symmetry copies merge, different sites share it. */
    static final double SAME_POSITION = 0.01;
    /** Distinct atoms closer than this (Å) are read but reported in a warning. */
    static final double CLOSE_CONTACT = 0.5;
    /** A position whose occupancies sum to at least this counts as fully occupied (refined values such as 0.998). */
    static final double FULL_OCCUPANCY = 0.99;
    /** Largest single-site occupancy accepted (refinements can slightly exceed 1). */
    static final double MAX_OCCUPANCY = 1.01;
    /** Upper bound on sites × operators, so a malformed file cannot exhaust memory. */
    static final long MAX_IMAGES = 5_000_000;
    /** Fractional coordinates beyond this many cells are a typo, and wrapping them would lose all precision. */
    static final double MAX_CELLS_AWAY = 1e6;

    private static final String[] HM_TAGS = {"_space_group_name_H-M_alt", "_symmetry_space_group_name_H-M"};
    private static final String[] HALL_TAGS = {"_space_group_name_Hall", "_symmetry_space_group_name_Hall"};
    private static final String[] IT_NUMBER_TAGS = {"_space_group_IT_number", "_symmetry_Int_Tables_number"};
    private static final String[] OPERATOR_TAGS = {"_space_group_symop_operation_xyz", "_symmetry_equiv_pos_as_xyz"};

    /** One listed atom site. */
    private record Site(String label, Element element, double occupancy, double[] frac, int line) {
    }

    private final String file;
    private final CifBlock block;
    private final ReadOptions options;
    private final List<String> warnings = new ArrayList<>();
    /** Site label of each atom of the expanded structure, for messages. */
    private final List<String> atomLabels = new ArrayList<>();

    private CifFrameBuilder(String file, CifBlock block, ReadOptions options) {
        this.file = file;
        this.block = block;
        this.options = options;
    }

    /** Whether the block lists atom sites (fractional or Cartesian coordinates). */
    static boolean hasAtomSites(CifBlock block) {
        return block.has("_atom_site_fract_x") || block.has("_atom_site_Cartn_x");
    }

    static Frame build(String file, CifBlock block, ReadOptions options) throws FormatException {
        return new CifFrameBuilder(file, block, options).build();
    }

    private Frame build() throws FormatException {
        Lattice lattice = readCell();
        List<CifSymmetry.Operation> operators = readOperators();
        List<Site> sites = readSites(lattice);
        if ((long) sites.size() * operators.size() > MAX_IMAGES) {
            throw error(block.line, "data block '" + block.name + "' has " + sites.size() + " atom sites and "
                    + operators.size() + " symmetry operators, more than the " + MAX_IMAGES
                    + " atoms this reader expands");
        }
        Structure structure = expand(lattice, sites, operators);
        warnCloseContacts(structure);
        Frame frame = new Frame(structure);
        frame.info().put("cif.block", block.name);
        CifBlock.Value hm = single(HM_TAGS);
        if (hm != null && !hm.isNull() && !hm.text().isBlank()) {
            frame.info().put("cif.spacegroup", hm.text().strip());
        }
        frame.warnings().addAll(warnings);
        return frame;
    }

    // ---- cell ----

    private Lattice readCell() throws FormatException {
        double a = cellParameter("_cell_length_a", "cell length a", false);
        double b = cellParameter("_cell_length_b", "cell length b", false);
        double c = cellParameter("_cell_length_c", "cell length c", false);
        double alpha = cellParameter("_cell_angle_alpha", "cell angle alpha", true);
        double beta = cellParameter("_cell_angle_beta", "cell angle beta", true);
        double gamma = cellParameter("_cell_angle_gamma", "cell angle gamma", true);
        CifBlock.Item last = block.firstItem("_cell_angle_gamma", "_cell_angle_beta", "_cell_angle_alpha",
                "_cell_length_c");
        int line = last == null ? block.line : last.line();
        try {
            Lattice lattice = Lattice.fromParameters(a, b, c, alpha, beta, gamma);
            if (!Double.isFinite(lattice.volume())) {
                throw error(line, "the cell a=" + a + " b=" + b + " c=" + c + " Å is too large to handle");
            }
            return lattice;
        } catch (IllegalArgumentException e) {
            throw error(line, "the cell of data block '" + block.name + "' is not valid: " + e.getMessage());
        }
    }

    private double cellParameter(String tag, String what, boolean angle) throws FormatException {
        CifBlock.Item item = block.item(tag);
        if (item == null) {
            if (angle) {
                return 90.0; // CIF default for an absent angle
            }
            throw error(block.line, "data block '" + block.name + "' lists atom sites but has no " + tag
                    + " (" + what + ")");
        }
        if (item.size() != 1) {
            throw error(item.line(), tag + " has " + item.size() + " values; the " + what + " needs exactly one");
        }
        CifBlock.Value v = item.get(0);
        if (v.isNull()) {
            throw error(v.line(), what + " is not given ('" + v.text() + "')");
        }
        OptionalDouble d = CifNumbers.parse(v.text());
        if (d.isEmpty()) {
            throw error(v.line(), what + " " + brief(v.text()) + " is not a number");
        }
        double x = d.getAsDouble();
        if (angle ? !(x > 0 && x < 180) : !(x > 0)) {
            throw error(v.line(), what + " " + v.text() + (angle ? " is not between 0 and 180 degrees"
                    : " is not a positive length"));
        }
        return x;
    }

    // ---- symmetry ----

    private List<CifSymmetry.Operation> readOperators() throws FormatException {
        CifBlock.Item item = block.firstItem(OPERATOR_TAGS);
        Set<CifSymmetry.Operation> ops = new LinkedHashSet<>();
        if (item != null) {
            for (int r = 0; r < item.size(); r++) {
                CifBlock.Value v = item.get(r);
                if (v.isNull()) {
                    throw error(v.line(), "symmetry operator " + (r + 1) + " is not given ('" + v.text() + "')");
                }
                try {
                    ops.add(CifSymmetry.parse(v.text()));
                } catch (IllegalArgumentException e) {
                    throw error(v.line(), "symmetry operator " + brief(v.text()) + " cannot be read: "
                            + e.getMessage());
                }
            }
        }
        if (ops.isEmpty()) {
            String symbol = declaredNonP1Symmetry();
            if (symbol != null) {
                warnings.add("data block '" + block.name + "' declares space group " + symbol
                        + " but lists no symmetry operators; P1 was assumed, so only the listed sites were read"
                        + " (the structure may be incomplete)");
            }
            ops.add(CifSymmetry.Operation.IDENTITY);
        }
        return new ArrayList<>(ops);
    }

    /** The declared space-group symbol when it is something other than P1, else null. */
    private String declaredNonP1Symmetry() {
        CifBlock.Value hm = single(HM_TAGS);
        if (hm != null && !hm.isNull() && !hm.text().isBlank()) {
            String compact = hm.text().replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
            return compact.equals("P1") ? null : "'" + hm.text().strip() + "'";
        }
        CifBlock.Value hall = single(HALL_TAGS);
        if (hall != null && !hall.isNull() && !hall.text().isBlank()) {
            String compact = hall.text().replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
            return compact.equals("P1") ? null : "(Hall) '" + hall.text().strip() + "'";
        }
        CifBlock.Value number = single(IT_NUMBER_TAGS);
        if (number != null && !number.isNull()) {
            OptionalDouble n = CifNumbers.parse(number.text());
            if (n.isPresent() && n.getAsDouble() != 1) {
                return "number " + number.text().strip();
            }
        }
        return null;
    }

    /** The value of the first present single-valued tag among the alternatives, or null. */
    private CifBlock.Value single(String... tags) {
        CifBlock.Item item = block.firstItem(tags);
        return item == null || item.size() != 1 ? null : item.get(0);
    }

    // ---- atom sites ----

    private List<Site> readSites(Lattice lattice) throws FormatException {
        boolean cartesian = !block.has("_atom_site_fract_x");
        String prefix = cartesian ? "_atom_site_Cartn_" : "_atom_site_fract_";
        CifBlock.Item[] xyz = new CifBlock.Item[3];
        for (int k = 0; k < 3; k++) {
            xyz[k] = block.item(prefix + "xyz".charAt(k));
        }
        for (int k = 1; k < 3; k++) {
            if (xyz[k] == null) {
                throw error(xyz[0].line(), "atom sites have " + xyz[0].tag() + " but no " + prefix + "xyz".charAt(k));
            }
        }
        CifBlock.Item label = block.item("_atom_site_label");
        CifBlock.Item type = block.item("_atom_site_type_symbol");
        CifBlock.Item occupancy = block.item("_atom_site_occupancy");
        if (label == null && type == null) {
            throw error(xyz[0].line(), "atom sites have neither _atom_site_type_symbol nor _atom_site_label,"
                    + " so their elements are unknown");
        }
        Object table = xyz[0].table();
        for (CifBlock.Item i : new CifBlock.Item[] {xyz[1], xyz[2], label, type, occupancy}) {
            if (i != null && i.table() != table) {
                throw error(i.line(), i.tag() + " is not in the same loop as " + xyz[0].tag() + " (line "
                        + xyz[0].line() + ")");
            }
        }
        int rows = xyz[0].size();
        List<Site> sites = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            CifBlock.Value labelValue = label == null ? null : label.get(r);
            CifBlock.Value typeValue = type == null ? null : type.get(r);
            int line = labelValue != null ? labelValue.line() : xyz[0].get(r).line();
            String name = labelValue != null && !labelValue.isNull() ? labelValue.text()
                    : typeValue != null && !typeValue.isNull() ? typeValue.text() + (r + 1) : "site " + (r + 1);
            Element element = siteElement(name, labelValue, typeValue, line);
            double[] coords = new double[3];
            for (int k = 0; k < 3; k++) {
                CifBlock.Value v = xyz[k].get(r);
                String what = (cartesian ? "Cartesian " : "fractional ") + "xyz".charAt(k);
                if (v.isNull()) {
                    throw error(v.line(), "atom site '" + name + "' has no " + what + " coordinate ('" + v.text()
                            + "')");
                }
                OptionalDouble d = CifNumbers.parse(v.text());
                if (d.isEmpty()) {
                    throw error(v.line(), "atom site '" + name + "': " + what + " coordinate " + brief(v.text())
                            + " is not a number");
                }
                coords[k] = d.getAsDouble();
            }
            double[] frac = cartesian ? lattice.toFractional(coords) : coords;
            for (int k = 0; k < 3; k++) {
                if (Math.abs(frac[k]) > MAX_CELLS_AWAY) {
                    throw error(xyz[k].get(r).line(), "atom site '" + name + "' lies more than "
                            + (long) MAX_CELLS_AWAY + " cells from the origin (fractional " + "xyz".charAt(k) + " = "
                            + frac[k] + ")");
                }
            }
            double occ = 1.0;
            if (occupancy != null && !occupancy.get(r).isNull()) {
                CifBlock.Value v = occupancy.get(r);
                OptionalDouble d = CifNumbers.parse(v.text());
                if (d.isEmpty()) {
                    throw error(v.line(), "atom site '" + name + "': occupancy " + brief(v.text())
                            + " is not a number");
                }
                occ = d.getAsDouble();
                if (occ < 0 || occ > MAX_OCCUPANCY) {
                    throw error(v.line(), "atom site '" + name + "' has occupancy " + v.text()
                            + "; an occupancy lies between 0 and 1");
                }
            }
            sites.add(new Site(name, element, occ, frac, line));
        }
        return sites;
    }

    /** Element from the type symbol ("Fe3+", "CA", "O2-") or, without one, from the label ("Ru(1)", "O2"). */
    private Element siteElement(String name, CifBlock.Value label, CifBlock.Value type, int line)
            throws FormatException {
        if (type != null && !type.isNull()) {
            Optional<Element> e = PeriodicTable.fromLabel(type.text());
            if (e.isEmpty()) {
                throw error(type.line(), "atom site '" + name + "': type symbol " + brief(type.text())
                        + " is not a chemical element");
            }
            return e.get();
        }
        if (label == null || label.isNull()) {
            throw error(line, "atom site '" + name + "' has neither a type symbol nor a label, so its element is"
                    + " unknown");
        }
        Optional<Element> e = PeriodicTable.fromLabel(label.text());
        if (e.isEmpty()) {
            throw error(label.line(), "atom site '" + name + "': the label does not start with a chemical element"
                    + " symbol and there is no _atom_site_type_symbol");
        }
        return e.get();
    }

    // ---- expansion, merging and disorder ----

    private Structure expand(Lattice lattice, List<Site> sites, List<CifSymmetry.Operation> ops)
            throws FormatException {
        int n = sites.size() * ops.size();
        double[] frac = new double[3 * n];
        int[] siteOf = new int[n];
        int count = 0;
        for (int s = 0; s < sites.size(); s++) {
            for (CifSymmetry.Operation op : ops) {
                op.apply(sites.get(s).frac(), 0, frac, 3 * count);
                for (int k = 0; k < 3; k++) {
                    frac[3 * count + k] = wrap(frac[3 * count + k]);
                }
                siteOf[count++] = s;
            }
        }
        // one union-find over all images: copies of one site and different sites on one spot both join
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        forEachClosePair(lattice, frac, n, SAME_POSITION, (i, j, d) -> union(parent, i, j));

        // group members in image order; the root of a group is its first image (see union)
        int[] root = new int[n];
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            root[i] = find(parent, i);
            start[root[i] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] += start[i];
        }
        int[] members = new int[n];
        int[] fill = start.clone();
        for (int i = 0; i < n; i++) {
            members[fill[root[i]]++] = i;
        }
        List<Element> species = new ArrayList<>();
        List<double[]> positions = new ArrayList<>();
        List<String> disorder = new ArrayList<>();
        List<String> resolutions = new ArrayList<>();
        Set<List<Integer>> seenDisorder = new HashSet<>();
        Set<List<Integer>> seenOverfull = new HashSet<>();
        List<String> overfull = new ArrayList<>();
        int firstDisorderLine = 0;
        for (int first = 0; first < n; first++) {
            if (root[first] != first) {
                continue;
            }
            // images are numbered site by site, so the sites of a group come out sorted
            List<Integer> siteIds = new ArrayList<>();
            for (int m = start[first]; m < start[first + 1]; m++) {
                int site = siteOf[members[m]];
                if (siteIds.isEmpty() || siteIds.get(siteIds.size() - 1) != site) {
                    siteIds.add(site);
                }
            }
            Map<Element, Double> bySpecies = new LinkedHashMap<>();
            double total = 0;
            for (int s : siteIds) {
                Site site = sites.get(s);
                bySpecies.merge(site.element(), site.occupancy(), Double::sum);
                total += site.occupancy();
            }
            double[] at = {frac[3 * first], frac[3 * first + 1], frac[3 * first + 2]};
            if (bySpecies.size() == 1 && total >= FULL_OCCUPANCY) {
                species.add(bySpecies.keySet().iterator().next());
                positions.add(at);
                atomLabels.add(sites.get(siteIds.get(0)).label());
                if (siteIds.size() > 1 && total > MAX_OCCUPANCY && seenOverfull.add(siteIds)) {
                    overfull.add(describe(sites, siteIds));
                }
                continue;
            }
            Element best = null;
            double bestOcc = -1;
            for (Map.Entry<Element, Double> e : bySpecies.entrySet()) {
                if (e.getValue() > bestOcc) {
                    best = e.getKey();
                    bestOcc = e.getValue();
                }
            }
            double vacancy = Math.max(0, 1 - total);
            boolean keep = bestOcc >= vacancy;
            if (seenDisorder.add(siteIds)) {
                String d = describe(sites, siteIds);
                disorder.add(d);
                resolutions.add(d + " -> " + (keep ? best.symbol() : "vacancy (no atom kept)"));
                if (firstDisorderLine == 0) {
                    firstDisorderLine = sites.get(siteIds.get(0)).line();
                }
            }
            if (keep) {
                species.add(best);
                positions.add(at);
                atomLabels.add(labelOf(sites, siteIds, best));
            }
        }
        if (!disorder.isEmpty()) {
            String where = disorder.size() == 1 ? "1 site" : disorder.size() + " sites";
            if (!options.orderDisorder()) {
                throw error(firstDisorderLine, "partial occupancy at " + where + ": " + String.join("; ", disorder)
                        + "; read with the ordering option (--order-disorder) to keep the majority species per site");
            }
            warnings.add("partial occupancy at " + where + " resolved by keeping the majority species per site"
                    + " (a vacancy counts as a species): " + String.join("; ", resolutions));
        }
        if (!overfull.isEmpty()) {
            warnings.add("sites listed twice at the same position (one atom kept for each): "
                    + String.join("; ", overfull));
        }
        if (species.isEmpty()) {
            throw error(block.line, "data block '" + block.name + "' has no atom left after keeping the majority"
                    + " species per site");
        }
        double[] flat = new double[3 * species.size()];
        for (int i = 0; i < positions.size(); i++) {
            System.arraycopy(positions.get(i), 0, flat, 3 * i, 3);
        }
        return Structure.fromFractional(lattice, species.toArray(new Element[0]), flat);
    }

    /** Label of the first listed site of the kept species. */
    private static String labelOf(List<Site> sites, List<Integer> siteIds, Element kept) {
        for (int s : siteIds) {
            if (sites.get(s).element().equals(kept)) {
                return sites.get(s).label();
            }
        }
        return sites.get(siteIds.get(0)).label();
    }

    /** "Al1 (Al 0.941) + Nb1 (Nb 0.059) at (0, 0.5, 0)" with the first site's listed coordinates. */
    private static String describe(List<Site> sites, List<Integer> siteIds) {
        StringBuilder sb = new StringBuilder();
        for (int s : siteIds) {
            Site site = sites.get(s);
            if (sb.length() > 0) {
                sb.append(" + ");
            }
            sb.append(site.label()).append(" (").append(site.element().symbol()).append(' ')
                    .append(compact(site.occupancy())).append(')');
        }
        double[] f = sites.get(siteIds.get(0)).frac();
        return sb.append(" at (").append(compact(f[0])).append(", ").append(compact(f[1])).append(", ")
                .append(compact(f[2])).append(')').toString();
    }

    /** Up to 5 decimals without trailing zeros: 0.941, 0.5, 0. */
    static String compact(double v) {
        String s = BigDecimal.valueOf(v).setScale(5, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    private static double wrap(double f) {
        double w = f - Math.floor(f);
        return w >= 1.0 ? 0.0 : w; // -1e-17 folds to 1.0 in floating point
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int i, int j) {
        int a = find(parent, i);
        int b = find(parent, j);
        if (a != b) {
            // the lower index stays the root, so a group is represented by its first image
            parent[Math.max(a, b)] = Math.min(a, b);
        }
    }

    private void warnCloseContacts(Structure s) {
        double[] frac = s.fractionalPositions();
        for (int i = 0; i < s.size(); i++) {
            for (int k = 0; k < 3; k++) {
                frac[3 * i + k] = wrap(frac[3 * i + k]);
            }
        }
        List<String> examples = new ArrayList<>();
        long[] pairs = {0};
        forEachClosePair(s.lattice(), frac, s.size(), CLOSE_CONTACT, (i, j, d) -> {
            pairs[0]++;
            if (examples.size() < 5) {
                examples.add(atomLabels.get(i) + " and " + atomLabels.get(j) + " are "
                        + String.format(Locale.ROOT, "%.3f", d) + " Å apart");
            }
        });
        if (pairs[0] > 0) {
            warnings.add(pairs[0] + (pairs[0] == 1 ? " pair" : " pairs") + " of atoms closer than " + CLOSE_CONTACT
                    + " Å (" + String.join("; ", examples) + (pairs[0] > examples.size() ? "; ..." : "")
                    + "): check the coordinates; overlapping sites may be disorder the file does not mark");
        }
    }

    @FunctionalInterface
    private interface PairVisitor {
        void visit(int i, int j, double distance);
    }

    /** Each unordered pair of distinct points closer than {@code cutoff} (coincident points included), once. */
    private static void forEachClosePair(Lattice lattice, double[] frac, int n, double cutoff, PairVisitor visitor) {
        Element[] placeholder = new Element[n];
        java.util.Arrays.fill(placeholder, PeriodicTable.byZ(1)); // species play no part in the search
        NeighborList pairs = NeighborList.half(Structure.fromFractional(lattice, placeholder, frac), cutoff);
        for (int i = 0; i < n; i++) {
            for (int k = pairs.start(i); k < pairs.end(i); k++) {
                if (pairs.neighbor(k) != i) {
                    visitor.visit(i, pairs.neighbor(k), pairs.distance(k));
                }
            }
        }
    }

    private static String brief(String text) {
        String s = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return "'" + s.replace("\n", "\\n") + "'";
    }

    private FormatException error(int line, String problem) {
        return new FormatException(file, line, problem);
    }
}
