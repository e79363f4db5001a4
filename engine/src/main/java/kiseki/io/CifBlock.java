package kiseki.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One CIF data block as read by {@link CifParser}: every data item, either a single tag-value pair or a column of a
 * loop. Tags are looked up in a normalised spelling (lower case, '.' read as '_'), so the DDLm/mmCIF spelling
 * {@code _space_group_symop.operation_xyz} finds the same item as {@code _space_group_symop_operation_xyz}.
 */
final class CifBlock {

    /**
     * One value as it appeared in the file.
     *
     * @param text   the value without quotes or text-field delimiters
     * @param quoted whether it was quoted or a text field (then "?" and "." are plain text, not null values)
     * @param line   1-based line where the value starts
     */
    record Value(String text, boolean quoted, int line) {

        /** The unquoted CIF null value "?" (unknown). */
        boolean isUnknown() {
            return !quoted && text.equals("?");
        }

        /** The unquoted CIF null value "." (inapplicable). */
        boolean isInapplicable() {
            return !quoted && text.equals(".");
        }

        /** Either CIF null value. */
        boolean isNull() {
            return isUnknown() || isInapplicable();
        }
    }

    /** A loop_: its tags (as written) and its values row after row. */
    static final class Loop {
        final int line;
        final List<String> tags;
        final List<Value> values;

        Loop(int line, List<String> tags, List<Value> values) {
            this.line = line;
            this.tags = List.copyOf(tags);
            this.values = values;
        }

        int rows() {
            return values.size() / tags.size();
        }

        Value get(int row, int column) {
            return values.get(row * tags.size() + column);
        }
    }

    /**
     * Where one tag's values live: in a loop (column index) or as a single pair.
     *
     * @param tag    the tag as written in the file
     * @param line   line of the tag
     * @param loop   the loop holding it, or null for a single tag-value pair
     * @param column column index within the loop
     * @param single the value of a single pair, or null for a loop column
     */
    record Item(String tag, int line, Loop loop, int column, Value single) {

        int size() {
            return loop == null ? 1 : loop.rows();
        }

        Value get(int row) {
            return loop == null ? single : loop.get(row, column);
        }

        /** Identity of the table the item belongs to: its loop, or one shared marker for all single pairs. */
        Object table() {
            return loop == null ? SINGLE_PAIRS : loop;
        }
    }

    private static final Object SINGLE_PAIRS = new Object();

    final String name;
    final int line;
    private final Map<String, Item> items = new LinkedHashMap<>();

    CifBlock(String name, int line) {
        this.name = name;
        this.line = line;
    }

    /** Lower case, with the DDLm/mmCIF category separator '.' read as '_'. */
    static String normalise(String tag) {
        return tag.toLowerCase(Locale.ROOT).replace('.', '_');
    }

    /** Adds an item; returns the earlier item with the same normalised tag, or null when the tag is new. */
    Item add(Item item) {
        return items.putIfAbsent(normalise(item.tag()), item);
    }

    /** The item for a tag (any spelling), or null. */
    Item item(String tag) {
        return items.get(normalise(tag));
    }

    /** The first of several alternative tags that is present, or null. */
    Item firstItem(String... tags) {
        for (String t : tags) {
            Item i = item(t);
            if (i != null) {
                return i;
            }
        }
        return null;
    }

    boolean has(String tag) {
        return item(tag) != null;
    }
}
