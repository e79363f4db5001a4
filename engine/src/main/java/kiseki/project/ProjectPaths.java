package kiseki.project;

import java.util.Locale;
import java.util.Set;

/** Rules for the relative paths stored in project.json and the file names Kiseki picks for copied files. */
final class ProjectPaths {

    /** Longest file-name stem Kiseki makes from an artefact name (file systems allow 255 bytes per name). */
    private static final int MAX_STEM = 80;

    private static final Set<String> WINDOWS_RESERVED = Set.of("con", "prn", "aux", "nul",
            "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    private static final Set<String> COMPRESSION = Set.of(".gz", ".bz2", ".xz", ".zst", ".zip");

    private ProjectPaths() {
    }

    /**
     * Why {@code path} is not an acceptable artefact path, or null when it is: relative, forward slashes, no empty,
     * "." or ".." segments, no drive letter, no control characters, and not project.json itself. These rules keep a
     * project self-contained and portable between Linux, macOS and Windows.
     */
    static String problem(String path) {
        if (path.isEmpty()) {
            return "is empty";
        }
        if (path.startsWith("/") || path.startsWith("\\")) {
            return "is absolute";
        }
        if (path.length() >= 2 && path.charAt(1) == ':') {
            return "is absolute (starts with a drive letter)";
        }
        if (path.indexOf('\\') >= 0) {
            return "contains a backslash (use forward slashes)";
        }
        if (path.indexOf(':') >= 0) {
            return "contains ':'";
        }
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) < 0x20 || path.charAt(i) == 0x7f) {
                return "contains a control character";
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                return "contains '..'";
            }
            if (segment.isEmpty() || segment.equals(".")) {
                return "has an empty or '.' segment";
            }
        }
        if (path.equals(ProjectJson.FILE_NAME)) {
            return "is the project file itself";
        }
        return null;
    }

    /** True when one path is the other or lies inside it (case-insensitive, for Windows and macOS). */
    static boolean overlaps(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        return x.equals(y) || x.startsWith(y + "/") || y.startsWith(x + "/");
    }

    /**
     * A portable file-name stem from a user-given artefact name: characters Windows forbids and control characters
     * become '_', leading dots (hidden files) and trailing dots/spaces are dropped, reserved device names get a
     * suffix, and the result is at most {@value #MAX_STEM} characters. Never empty ({@code fallback} instead).
     */
    static String fileStem(String name, String fallback) {
        StringBuilder sb = new StringBuilder(name.length());
        // letters and digits of any script stay; anything a shell or file system treats specially becomes '-',
        // so "Si64 (2x2x2)" is stored as Si64-2x2x2 and paths can be typed without quoting
        name.strip().codePoints().forEach(cp -> {
            boolean keep = Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.OTHER_NUMBER
                    || cp == '.' || cp == '_' || cp == '+' || cp == '-';
            sb.appendCodePoint(keep ? cp : '-');
        });
        String stem = sb.toString().replaceAll("-{2,}", "-").replaceAll("^-+|-+$", "");
        while (stem.startsWith(".") || stem.startsWith("-")) {
            stem = stem.substring(1);
        }
        if (stem.length() > MAX_STEM) {
            int end = MAX_STEM;
            if (Character.isLowSurrogate(stem.charAt(end))) {
                end--;
            }
            stem = stem.substring(0, end);
        }
        stem = stem.replaceAll("[.-]+$", "");
        if (stem.isEmpty()) {
            stem = fallback;
        }
        if (WINDOWS_RESERVED.contains(stem.toLowerCase(Locale.ROOT))) {
            stem = stem + "_";
        }
        return stem;
    }

    /**
     * The extension of a file name including the dot ({@code ".cif"}), keeping a compression suffix together with
     * the one before it ({@code ".extxyz.gz"}); empty when there is none.
     */
    static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot <= 0) {
            return "";
        }
        String ext = fileName.substring(dot);
        if (COMPRESSION.contains(ext.toLowerCase(Locale.ROOT))) {
            int before = fileName.lastIndexOf('.', dot - 1);
            if (before > 0) {
                ext = fileName.substring(before);
            }
        }
        if (ext.length() > 24 || problem(ext.substring(1)) != null) {
            return "";
        }
        return ext;
    }
}
