package kiseki.structure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Elements H..Lr from the bundled resource {@code kiseki/structure/elements.json}. */
public final class PeriodicTable {

    private static final Element[] BY_Z;
    private static final Map<String, Element> BY_SYMBOL = new HashMap<>();

    static {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        try (InputStream in = PeriodicTable.class.getResourceAsStream("/kiseki/structure/elements.json")) {
            if (in == null) {
                throw new IllegalStateException("resource kiseki/structure/elements.json is missing from the class path");
            }
            List<Element> list = List.of(mapper.readValue(in, Element[].class));
            BY_Z = new Element[list.size() + 1];
            for (Element e : list) {
                BY_Z[e.z()] = e;
                BY_SYMBOL.put(e.symbol(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the periodic table resource", e);
        }
    }

    private PeriodicTable() {
    }

    /** Number of elements known (103). */
    public static int size() {
        return BY_Z.length - 1;
    }

    /** Element by atomic number; throws for an unknown number. */
    public static Element byZ(int z) {
        if (z < 1 || z >= BY_Z.length) {
            throw new IllegalArgumentException("no element with atomic number " + z);
        }
        return BY_Z[z];
    }

    /** Element by exact symbol ("Li"); case is normalised, so "LI" and "li" work too. */
    public static Optional<Element> bySymbol(String symbol) {
        if (symbol == null || symbol.isEmpty() || symbol.length() > 3) {
            return Optional.empty();
        }
        String s = symbol.substring(0, 1).toUpperCase(Locale.ROOT) + symbol.substring(1).toLowerCase(Locale.ROOT);
        return Optional.ofNullable(BY_SYMBOL.get(s));
    }

    /** Like {@link #bySymbol} but throws IllegalArgumentException naming the bad symbol. */
    public static Element require(String symbol) {
        return bySymbol(symbol).orElseThrow(() -> new IllegalArgumentException("unknown element symbol '" + symbol + "'"));
    }

    /**
     * Element from a crystallographic site label or type symbol such as "Ru(1)", "O2", "Fe3+", "Nb1", "CA".
     * Takes the leading letters and prefers a two-letter symbol when one exists ("Co1" is cobalt, "C1" carbon).
     */
    public static Optional<Element> fromLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        int n = 0;
        while (n < label.length() && n < 2 && Character.isLetter(label.charAt(n))) {
            n++;
        }
        if (n == 0) {
            return Optional.empty();
        }
        if (n == 2) {
            // "OW", "Oa" are common labels for oxygen: a second letter only counts when the pair is a symbol
            Optional<Element> two = bySymbol(label.substring(0, 2));
            if (two.isPresent()) {
                return two;
            }
        }
        return bySymbol(label.substring(0, 1));
    }
}
