package kiseki.potential;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Registry of potential styles, like LAMMPS's pair styles: each style has a loader that makes a potential from its
 * parameters (a file for trained models, numbers for analytic ones). Styles register through
 * {@code META-INF/services/kiseki.potential.Potentials$Style}.
 */
public final class Potentials {

    /** One potential style and how to make it. */
    public interface Style {
        /** The style name, e.g. "lj". */
        String name();

        /** One line for help texts: what the style is and what its arguments mean. */
        String description();

        /** A potential from a file (trained models), or an error saying the style takes numbers instead. */
        Potential load(Path file) throws IOException;
    }

    private static final Map<String, Style> STYLES = new LinkedHashMap<>();

    static {
        ServiceLoader.load(Style.class, Potentials.class.getClassLoader()).forEach(s -> STYLES.put(s.name(), s));
    }

    private Potentials() {
    }

    public static Map<String, Style> styles() {
        return java.util.Collections.unmodifiableMap(STYLES);
    }

    /** The style by name, or a clear error listing the known ones. */
    public static Style style(String name) {
        Style s = STYLES.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown potential style '" + name + "'; known styles: "
                    + String.join(", ", STYLES.keySet()));
        }
        return s;
    }
}
