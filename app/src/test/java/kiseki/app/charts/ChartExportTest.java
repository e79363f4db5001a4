package kiseki.app.charts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** CSV export (no JavaFX toolkit needed); the PNG side is covered in {@link ChartRenderTest}. */
class ChartExportTest {

    @TempDir
    Path temp;

    @Test
    void seriesOnOneGridGiveOnePlainTable() {
        List<DataSeries> rdf = List.of(
                new DataSeries("g Li-S", new double[] {0.05, 0.15, 0.25}, new double[] {0, 1.25, 0.875}),
                new DataSeries("g P-S", new double[] {0.05, 0.15, 0.25}, new double[] {0, 3, 1e-7}));
        assertEquals("""
                r (Å),g Li-S,g P-S
                0.05,0,0
                0.15,1.25,3
                0.25,0.875,1.0E-7
                """, ChartExport.csvText(rdf, "r (Å)"));
    }

    @Test
    void differentGridsAreJoinedOnXWithEmptyCells() {
        List<DataSeries> series = List.of(
                new DataSeries("data", new double[] {2, 1}, new double[] {-1.5, -1}),
                new DataSeries("fit", new double[] {1, 1.5, 2}, new double[] {-0.9, -1.2, -1.6}),
                new DataSeries("missing", new double[] {1.5}, new double[] {Double.NaN}));
        assertEquals("""
                1000/T,data,fit,missing
                1,-1,-0.9,
                1.5,,-1.2,
                2,-1.5,-1.6,
                """, ChartExport.csvText(series, "1000/T"));
    }

    @Test
    void repeatedXValuesGiveRepeatedRowsAndNothingIsLost() {
        List<DataSeries> series = List.of(
                new DataSeries("a", new double[] {1, 1, 2}, new double[] {10, 11, 12}),
                new DataSeries("b", new double[] {1, Double.NaN}, new double[] {20, 21}));
        assertEquals("""
                x,a,b
                1,10,20
                1,11,
                2,12,
                """, ChartExport.csvText(series, "x"));
    }

    @Test
    void headersWithCommasOrQuotesAreQuoted() {
        List<DataSeries> series = List.of(new DataSeries("E, train \"set\"", new double[] {1}, new double[] {2.5}));
        assertEquals("epoch,\"E, train \"\"set\"\"\"\n1,2.5\n", ChartExport.csvText(series, "epoch"));
    }

    @Test
    void raggedColumnsLeaveEmptyCellsBelowTheirEnd() {
        String text = ChartExport.csvColumnsText(List.of("ref [train]", "pred [train]", "ref [valid]", "pred [valid]"),
                List.of(new double[] {0.5, -1, 2}, new double[] {0.55, -0.9, 2.1}, new double[] {3},
                    new double[] {2.75}));
        assertEquals("""
                ref [train],pred [train],ref [valid],pred [valid]
                0.5,0.55,3,2.75
                -1,-0.9,,
                2,2.1,,
                """, text);
        assertThrows(IllegalArgumentException.class,
                () -> ChartExport.csvColumnsText(List.of("a"), List.of(new double[0], new double[0])));
    }

    @Test
    void csvFilesAreWrittenWithExactlyThatText() throws Exception {
        List<DataSeries> series = List.of(new DataSeries("T (K)", new double[] {0, 0.002}, new double[] {300, 301.5}));
        Path file = temp.resolve("sub/thermo.csv");
        ChartExport.csv(series, "t (ps)", file);
        assertEquals("t (ps),T (K)\n0,300\n0.002,301.5\n", Files.readString(file, StandardCharsets.UTF_8));
        Path columns = temp.resolve("parity.csv");
        ChartExport.csvColumns(List.of("a", "b"), List.of(new double[] {1}, new double[] {2}), columns);
        assertEquals("a,b\n1,2\n", Files.readString(columns));
        try (var files = Files.list(temp.resolve("sub"))) {
            assertEquals(1, files.count(), "no temporary file left beside the result");
        }
    }

    @Test
    void numbersReadBackExactly() {
        for (double v : new double[] {0.1, 1.0 / 3, 1e-300, 6.02214076e23, -2.5, 123456789012.0}) {
            assertEquals(v, Double.parseDouble(ChartExport.number(v)));
        }
        assertEquals("300", ChartExport.number(300));
        assertEquals("", ChartExport.number(Double.NaN));
        assertEquals("Infinity", ChartExport.number(Double.POSITIVE_INFINITY));
    }

    @Test
    void dataSeriesChecksLengthsAndCopies() {
        double[] x = {1, 2};
        DataSeries s = new DataSeries("s", x, new double[] {3, 4});
        x[0] = 99;
        assertEquals(1, s.x()[0]);
        assertThrows(IllegalArgumentException.class, () -> new DataSeries("s", new double[1], new double[2]));
    }
}
