package kiseki.io;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CIF 1.1 syntax: blocks, quoting, text fields, loops, null values, and syntax errors with their lines. */
class CifParserTest {

    private static List<CifBlock> parse(String text) throws IOException {
        List<CifBlock> blocks = new ArrayList<>();
        try (CifParser p = new CifParser(new LineSource(new StringReader(text), "t.cif"))) {
            for (CifBlock b = p.nextBlock(); b != null; b = p.nextBlock()) {
                blocks.add(b);
            }
        }
        return blocks;
    }

    private static CifBlock one(String text) throws IOException {
        List<CifBlock> blocks = parse(text);
        assertEquals(1, blocks.size());
        return blocks.get(0);
    }

    private static FormatException failure(String text) {
        return assertThrows(FormatException.class, () -> parse(text));
    }

    private static String value(CifBlock b, String tag) {
        return b.item(tag).get(0).text();
    }

    @Test
    void numbersWithUncertainties() {
        assertEquals(5.37706, CifNumbers.parse("5.37706(9)").getAsDouble(), 0);
        assertEquals(-0.01305, CifNumbers.parse("-0.01305(19)").getAsDouble(), 0);
        assertEquals(0.941, CifNumbers.parse("0.941(8)").getAsDouble(), 0);
        assertEquals(89.970, CifNumbers.parse("89.970(4)").getAsDouble(), 0);
        assertEquals(1, CifNumbers.parse("1").getAsDouble(), 0);
        assertEquals(1, CifNumbers.parse("1.0").getAsDouble(), 0);
        assertEquals(0.5, CifNumbers.parse(".5").getAsDouble(), 0);
        assertEquals(-0.25, CifNumbers.parse("-.25").getAsDouble(), 0);
        assertEquals(0.001, CifNumbers.parse("1e-3").getAsDouble(), 0);
        assertEquals(1200, CifNumbers.parse("+1.2E3(1)").getAsDouble(), 0);
        assertEquals(2, CifNumbers.parse("2.").getAsDouble(), 0);
        for (String bad : new String[] {"", "?", ".", "abc", "1.2.3", "1(2", "(2)", "NaN", "Infinity", "1e999",
                "0x10", "1,5", "1 2", "-", "e5"}) {
            assertTrue(CifNumbers.parse(bad).isEmpty(), bad);
        }
        assertTrue(CifNumbers.parse(null).isEmpty());
    }

    @Test
    void quotingFollowsCif11() throws IOException {
        CifBlock b = one("""
                data_q
                _a 'it's fine'
                _b "dbl"quote"
                _c 'x, y, z'
                _d unquoted'quote
                _e ''
                _f 'a'b' # comment
                _g a#b
                """);
        assertEquals("it's fine", value(b, "_a"));
        assertEquals("dbl\"quote", value(b, "_b"));
        assertEquals("x, y, z", value(b, "_c"));
        assertEquals("unquoted'quote", value(b, "_d"));
        assertEquals("", value(b, "_e"));
        assertEquals("a'b", value(b, "_f"));
        assertEquals("a#b", value(b, "_g"), "'#' inside an unquoted value is not a comment");
    }

    @Test
    void unterminatedQuoteNamesItsLine() {
        FormatException e = failure("data_q\n_a 1\n_b 'open\n_c 2\n");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("t.cif:3: "), e.getMessage());
        assertTrue(e.problem().contains("not closed"), e.problem());
        // a quote followed by a letter does not close
        assertEquals(2, failure("data_q\n_b 'it'sopen\n").line());
        // the quote after "hi" is followed by a space, so it closes the value and the rest has no tag
        assertTrue(failure("data_q\n_b \"say \"hi\" twice\"\n").problem().contains("has no tag"));
    }

    @Test
    void semicolonTextFields() throws IOException {
        CifBlock b = one("""
                data_t
                _title
                ;
                First line; not the end
                 ;indented, not the end
                ;
                _after 'x'
                _inline
                ;one line
                ;
                loop_
                _k
                _v
                1
                ;multi
                line
                ;
                2 plain
                """);
        assertEquals("\nFirst line; not the end\n ;indented, not the end", value(b, "_title"));
        assertTrue(b.item("_title").get(0).quoted());
        assertEquals("x", value(b, "_after"));
        assertEquals("one line", value(b, "_inline"));
        assertEquals(2, b.item("_k").size());
        assertEquals("multi\nline", b.item("_v").get(0).text());
        assertEquals(15, b.item("_v").get(0).line());
        assertEquals("plain", b.item("_v").get(1).text());
    }

    @Test
    void unterminatedTextFieldPointsAtItsStart() {
        FormatException e = failure("data_t\n_a 1\n_title\n;text\nmore\n");
        assertEquals(4, e.line());
        assertTrue(e.problem().contains("text field"), e.problem());
    }

    @Test
    void nullValuesAreDistinctFromQuotedOnes() throws IOException {
        CifBlock b = one("data_n\n_a ?\n_b .\n_c '?'\n_d '.'\n_e .5\n");
        assertTrue(b.item("_a").get(0).isUnknown());
        assertTrue(b.item("_b").get(0).isInapplicable());
        assertFalse(b.item("_c").get(0).isNull());
        assertFalse(b.item("_d").get(0).isNull());
        assertFalse(b.item("_e").get(0).isNull());
    }

    @Test
    void severalBlocksAndSaveFramesAndComments() throws IOException {
        List<CifBlock> blocks = parse("""
                #\\#CIF_1.1
                # a comment before the first block
                data_first
                _x 1 # trailing comment
                save_frame1
                _inside 'skipped'
                loop_ _k 1 2
                save_
                _y 2
                DATA_second
                loop_ _a _b
                1 2 3 4
                5 6
                """);
        assertEquals(2, blocks.size());
        assertEquals("first", blocks.get(0).name);
        assertEquals(3, blocks.get(0).line);
        assertEquals("1", value(blocks.get(0), "_x"));
        assertEquals("2", value(blocks.get(0), "_y"));
        assertNull(blocks.get(0).item("_inside"));
        assertEquals("second", blocks.get(1).name);
        assertEquals(3, blocks.get(1).item("_a").size());
        assertEquals("6", blocks.get(1).item("_b").get(2).text());
    }

    @Test
    void tagsMatchInAnyCaseAndDottedSpelling() throws IOException {
        CifBlock b = one("data_d\n_Space_Group_Symop.Operation_XYZ 'x,y,z'\n");
        assertNotNull(b.item("_space_group_symop_operation_xyz"));
        assertEquals("x,y,z", value(b, "_space_group_symop_operation_xyz"));
    }

    @Test
    void emptyFileHasNoBlocks() throws IOException {
        assertTrue(parse("").isEmpty());
        assertTrue(parse("# only a comment\n\n").isEmpty());
    }

    @Test
    void loopWithAMissingValueNamesTheRow() {
        FormatException e = failure("""
                data_l
                loop_
                _atom_site_label
                _atom_site_fract_x
                _atom_site_fract_y
                Li1 0.1 0.2
                Li2 0.3
                Li3 0.5 0.6
                Li4 0.7 0.8
                """);
        assertEquals(7, e.line());
        assertTrue(e.problem().contains("has 2 values but the loop_ (line 2) has 3 columns"), e.problem());
    }

    @Test
    void loopCountErrorWithoutRowLayoutPointsAtTheLastValue() {
        FormatException e = failure("data_l\nloop_ _a _b _c\n1 2\n3 4\n5 6\n7\n");
        assertEquals(6, e.line());
        assertTrue(e.problem().contains("7 values, not a multiple of its 3 columns"), e.problem());
    }

    @Test
    void syntaxErrorsHaveTheirLines() {
        assertEquals(2, failure("data_x\n_a\n_b 1\n").line(), "tag without value");
        assertEquals(2, failure("data_x\n_a\n").line(), "tag at the end of the file");
        assertEquals(2, failure("data_x\nloop_\nloop_ _b 1\n").line(), "loop without tags");
        assertEquals(4, failure("data_x\nloop_\n_a\n_b\ndata_y\n").line(), "loop without values");
        assertEquals(2, failure("data_x\n1 2\n").line(), "value without tag");
        assertEquals(1, failure("_a 1\ndata_x\n").line(), "item before the first block");
        assertEquals(1, failure("data_\n_a 1\n").line(), "block without name");
        assertEquals(3, failure("data_x\n_a 1\n_A 2\n").line(), "duplicate tag");
        assertEquals(2, failure("data_x\nsave_s\n_a 1\n").line(), "unclosed save frame");
        assertEquals(2, failure("data_x\nsave_\n").line(), "save_ without frame");
        assertEquals(3, failure("data_x\n_a 1\nstop_\n").line(), "reserved word");
        assertEquals(2, failure("data_x\nglobal_\n").line(), "reserved word");
    }

    @Test
    void byteOrderMarkIsIgnored() throws IOException {
        assertEquals("bom", one("\uFEFFdata_bom\n_a 1\n").name);
    }
}
