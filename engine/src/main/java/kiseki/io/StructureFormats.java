package kiseki.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Registry of structure file formats, found by name ("cif") or from a file name, like LAMMPS finds pair styles.
 * Formats register through {@code META-INF/services/kiseki.io.StructureFormat}.
 */
public final class StructureFormats {

    private static final List<StructureFormat> ALL;

    static {
        List<StructureFormat> list = new ArrayList<>();
        ServiceLoader.load(StructureFormat.class, StructureFormats.class.getClassLoader()).forEach(list::add);
        ALL = List.copyOf(list);
    }

    private StructureFormats() {
    }

    public static List<StructureFormat> all() {
        return ALL;
    }

    public static Optional<StructureFormat> byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (StructureFormat f : ALL) {
            if (f.name().equals(n)) {
                return Optional.of(f);
            }
        }
        // an extension works as a name too ("xyz", "vasp", "lmp")
        for (StructureFormat f : ALL) {
            if (f.extensions().contains(n)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The format named, or a clear error listing the known names. */
    public static StructureFormat require(String name) {
        return byName(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown format '" + name + "'; known formats: " + names()));
    }

    /**
     * The format for a file name: VASP's POSCAR/CONTCAR by name (also "POSCAR_1", "CONTCAR.relax"), otherwise by
     * the extension.
     */
    public static Optional<StructureFormat> forPath(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.startsWith("poscar") || name.startsWith("contcar")) {
            Optional<StructureFormat> vasp = byName("poscar");
            if (vasp.isPresent()) {
                return vasp;
            }
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return Optional.empty();
        }
        String ext = name.substring(dot + 1);
        for (StructureFormat f : ALL) {
            if (f.extensions().contains(ext)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The format for {@code file}, or the explicit one when {@code explicit} is not null. */
    public static StructureFormat resolve(Path file, String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return require(explicit);
        }
        return forPath(file).orElseThrow(() -> new IllegalArgumentException("cannot tell the format of " + file
                + " from its name; give it with --from/--to (known formats: " + names() + ")"));
    }

    public static String names() {
        StringBuilder sb = new StringBuilder();
        for (StructureFormat f : ALL) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(f.name());
        }
        return sb.toString();
    }
}
