package kiseki.structure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Element counts in order of first appearance, with full and reduced formulas. */
public final class Composition {

    private final Map<Element, Integer> counts;

    private Composition(Map<Element, Integer> counts) {
        this.counts = Collections.unmodifiableMap(counts);
    }

    public static Composition of(Element[] species) {
        Map<Element, Integer> m = new LinkedHashMap<>();
        for (Element e : species) {
            m.merge(e, 1, Integer::sum);
        }
        return new Composition(m);
    }

    public Map<Element, Integer> counts() {
        return counts;
    }

    public int count(Element e) {
        return counts.getOrDefault(e, 0);
    }

    /** Full formula, e.g. "Li20Ge2P4S24". */
    public String formula() {
        return format(1);
    }

    /** Formula divided by the greatest common divisor of the counts, e.g. "Li10GeP2S12". */
    public String reducedFormula() {
        int g = 0;
        for (int c : counts.values()) {
            g = gcd(g, c);
        }
        return format(Math.max(g, 1));
    }

    /** Number of formula units in the full formula relative to the reduced one. */
    public int formulaUnits() {
        int g = 0;
        for (int c : counts.values()) {
            g = gcd(g, c);
        }
        return g;
    }

    private String format(int divisor) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Element, Integer> e : counts.entrySet()) {
            sb.append(e.getKey().symbol());
            int n = e.getValue() / divisor;
            if (n != 1) {
                sb.append(n);
            }
        }
        return sb.toString();
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return Math.abs(a);
    }

    @Override
    public String toString() {
        return formula();
    }
}
