package kiseki.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the workbench remembers between sessions: language, recent projects, window layout, program paths. Stored
 * with {@link java.util.prefs.Preferences} (per user) in the application; tests use {@link #inMemory()}.
 */
public final class AppPreferences {

    public static final int MAX_RECENT = 8;

    private final Preferences node;
    private final Map<String, String> memory;

    private AppPreferences(Preferences node, Map<String, String> memory) {
        this.node = node;
        this.memory = memory;
    }

    /** The user's preferences (node {@code /io/kiseki/workbench}). */
    public static AppPreferences user() {
        return new AppPreferences(Preferences.userRoot().node("io/kiseki/workbench"), null);
    }

    /** Preferences that live only as long as this object (tests, screenshots). */
    public static AppPreferences inMemory() {
        return new AppPreferences(null, new HashMap<>());
    }

    public String get(String key, String fallback) {
        if (memory != null) {
            return memory.getOrDefault(key, fallback);
        }
        return node.get(key, fallback);
    }

    public void put(String key, String value) {
        if (memory != null) {
            if (value == null) {
                memory.remove(key);
            } else {
                memory.put(key, value);
            }
            return;
        }
        if (value == null) {
            node.remove(key);
        } else {
            node.put(key, value);
        }
    }

    public double getDouble(String key, double fallback) {
        try {
            return Double.parseDouble(get(key, Double.toString(fallback)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public void putDouble(String key, double value) {
        put(key, Double.toString(value));
    }

    /** "system" (follow the operating system), "en" or "ja". */
    public String language() {
        return get("language", "system");
    }

    public void setLanguage(String language) {
        put("language", language);
    }

    /** Path of pw.x (default: "pw.x", found on the PATH). */
    public String pwCommand() {
        return get("pw.command", "pw.x");
    }

    public void setPwCommand(String command) {
        put("pw.command", command);
    }

    /** Path of mpirun (default: "mpirun"). */
    public String mpirunCommand() {
        return get("mpirun.command", "mpirun");
    }

    public void setMpirunCommand(String command) {
        put("mpirun.command", command);
    }

    /** Recently opened project folders, newest first. */
    public List<Path> recentProjects() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < MAX_RECENT; i++) {
            String p = get("recent." + i, null);
            if (p != null && !p.isBlank()) {
                out.add(Path.of(p));
            }
        }
        return out;
    }

    /** Moves {@code dir} to the front of the recent list. */
    public void addRecentProject(Path dir) {
        List<Path> list = recentProjects();
        Path abs = dir.toAbsolutePath().normalize();
        list.remove(abs);
        list.add(0, abs);
        for (int i = 0; i < MAX_RECENT; i++) {
            put("recent." + i, i < list.size() ? list.get(i).toString() : null);
        }
    }

    /** Writes pending changes to the backing store (no-op in memory). */
    public void flush() {
        if (node != null) {
            try {
                node.flush();
            } catch (BackingStoreException e) {
                // preferences are a convenience: losing them must not stop the application
            }
        }
    }
}
