package kiseki.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every visible string is in the English and Japanese bundles, and the views hard-code none. */
class MessagesTest {

    /** All bundles of one language merged ("" = English root files, "_ja" = Japanese). */
    private static Properties load(String suffix) throws IOException {
        Properties all = new Properties();
        for (String bundle : Messages.BUNDLES) {
            String resource = "/" + bundle.replace('.', '/') + suffix + ".properties";
            try (InputStream in = MessagesTest.class.getResourceAsStream(resource)) {
                if (in == null) {
                    continue;
                }
                Properties p = new Properties();
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String k : p.stringPropertyNames()) {
                    if (all.containsKey(k)) {
                        throw new AssertionError(resource + ": key " + k + " is also defined in another bundle");
                    }
                    all.setProperty(k, p.getProperty(k));
                }
            }
        }
        return all;
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("src/main/java"))) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    @Test
    void englishAndJapaneseHaveTheSameKeys() throws IOException {
        Set<String> en = new TreeSet<>(load("").stringPropertyNames());
        Set<String> ja = new TreeSet<>(load("_ja").stringPropertyNames());
        Set<String> missingJa = new TreeSet<>(en);
        missingJa.removeAll(ja);
        Set<String> missingEn = new TreeSet<>(ja);
        missingEn.removeAll(en);
        assertEquals(Set.of(), missingJa, "keys without a Japanese translation");
        assertEquals(Set.of(), missingEn, "Japanese keys without an English text");
        assertTrue(en.size() > 50);
    }

    @Test
    void everyKeyUsedInTheCodeExists() throws IOException {
        Properties en = load("");
        Pattern use = Pattern.compile("(?:text|messages\\(\\)\\.get)\\(\"([a-zA-Z0-9.\\-]+)\"");
        List<String> missing = new ArrayList<>();
        for (Path f : sources()) {
            Matcher m = use.matcher(Files.readString(f));
            while (m.find()) {
                String key = m.group(1);
                // keys ending in "." are prefixes completed at run time (kind names, languages)
                if (!key.endsWith(".") && !en.containsKey(key)) {
                    missing.add(f.getFileName() + ": " + key);
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void viewsHardCodeNoVisibleText() throws IOException {
        // a literal with a word of three or more letters in a label, button, menu, tab or title is visible text
        Pattern visible = Pattern.compile(
                "(?:new (?:Label|Button|MenuItem|Menu|CheckMenuItem|CheckBox|RadioButton|Tab|TitledPane)|setText"
                        + "|setTitle|setHeaderText|setContentText|setPromptText|setPlaceholder)\\(\"([^\"]*)\"");
        Pattern word = Pattern.compile("[A-Za-z]{3,}");
        List<String> offending = new ArrayList<>();
        for (Path f : sources()) {
            Matcher m = visible.matcher(Files.readString(f));
            while (m.find()) {
                if (word.matcher(m.group(1)).find()) {
                    offending.add(f.getFileName() + ": \"" + m.group(1) + "\"");
                }
            }
        }
        assertEquals(List.of(), offending);
    }

    @Test
    void japaneseIsChosenForJapaneseAndEnglishOtherwise() {
        assertEquals("構造", Messages.forLocale(Locale.JAPANESE).get("tab.structure"));
        assertEquals("Structure", Messages.forLocale(Locale.ENGLISH).get("tab.structure"));
        assertEquals("Structure", Messages.forLocale(Locale.GERMAN).get("tab.structure"));
        assertEquals("Structure", Messages.forLanguage("en").get("tab.structure"));
        assertEquals("スーパーセルは 1,600 原子になります。",
                Messages.forLanguage("ja").get("supercell.count", 1600));
        assertEquals("!no.such.key!", Messages.forLanguage("en").get("no.such.key"));
    }
}
