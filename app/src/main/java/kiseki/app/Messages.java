package kiseki.app;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every string the workbench shows comes from the resource bundle {@code kiseki/app/messages} (English, with a
 * Japanese translation in {@code messages_ja.properties}). One instance per language; views and view-models receive
 * it instead of hard-coding text, so tests can run in either language.
 */
public final class Messages {

    /**
     * The bundles, one per part of the workbench so that each tab keeps its texts beside its code; a key is looked
     * up in each in turn. Each has an English root file and a {@code _ja} translation.
     */
    public static final List<String> BUNDLES = List.of("kiseki.app.messages", "kiseki.app.labelling.messages",
            "kiseki.app.training.messages", "kiseki.app.md.messages", "kiseki.app.analysis.messages");

    private final List<ResourceBundle> bundles;
    private final Locale locale;

    private Messages(List<ResourceBundle> bundles, Locale locale) {
        this.bundles = bundles;
        this.locale = locale;
    }

    /** Messages for {@code locale}, falling back to English for languages without a translation. */
    public static Messages forLocale(Locale locale) {
        List<ResourceBundle> list = new ArrayList<>();
        for (String name : BUNDLES) {
            try {
                // the root bundle is English: never fall back to the JVM default locale's bundle
                list.add(ResourceBundle.getBundle(name, locale,
                        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
            } catch (MissingResourceException e) {
                // a part of the workbench that has no texts of its own
            }
        }
        return new Messages(List.copyOf(list), locale);
    }

    /** The language a user asked for in Preferences ("en", "ja") or, for "system" / null, the system locale. */
    public static Messages forLanguage(String language) {
        if (language == null || language.isBlank() || language.equals("system")) {
            return forLocale(Locale.getDefault(Locale.Category.DISPLAY));
        }
        return forLocale(Locale.forLanguageTag(language));
    }

    public Locale locale() {
        return locale;
    }

    /** The text for {@code key}, with {@code {0}}, {@code {1}} … filled in by {@link MessageFormat}. */
    public String get(String key, Object... args) {
        String pattern = lookup(key);
        if (pattern == null) {
            // a missing key is a programming error, but the user should still see something meaningful
            return "!" + key + "!";
        }
        if (args.length == 0) {
            return pattern;
        }
        return new MessageFormat(pattern, locale).format(args);
    }

    /** True when the bundle defines {@code key}. */
    public boolean has(String key) {
        return lookup(key) != null;
    }

    private String lookup(String key) {
        for (ResourceBundle b : bundles) {
            if (b.containsKey(key)) {
                return b.getString(key);
            }
        }
        return null;
    }
}
