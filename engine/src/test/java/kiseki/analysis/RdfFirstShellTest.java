package kiseki.analysis;

import kiseki.structure.Structure;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RdfFirstShellTest {

    @Test
    void fccFirstShellHoldsTwelveNeighbours() {
        double a = 4.0;
        Rdf rdf = new Rdf(6.0, 0.02, null);
        rdf.add(RdfTest.fcc(a, 2));
        Rdf.Shell shell = rdf.firstShell(0);
        assertEquals(a / Math.sqrt(2), shell.peakR(), 0.011);
        assertEquals(12, shell.coordination(), 1e-12);
        assertTrue(shell.minimumR() > a / Math.sqrt(2) && shell.minimumR() < a, "minimum " + shell.minimumR());
        assertEquals(rdf.highestPeak(0), (int) (shell.peakR() / 0.02));
    }

    @Test
    void thermalDisorderKeepsTwelveAtTheFirstMinimum() {
        Structure s = RdfTest.fcc(4.0, 3);
        Random rnd = new Random(3);
        double[] x = s.positions();
        Rdf rdf = new Rdf(6.0, 0.05, List.of(Rdf.Pair.parse("Cu-Cu")));
        for (int f = 0; f < 5; f++) {
            Structure copy = s.copy();
            double[] y = copy.positions();
            for (int i = 0; i < y.length; i++) {
                y[i] = x[i] + 0.08 * rnd.nextGaussian();
            }
            rdf.add(copy);
        }
        Rdf.Shell shell = rdf.firstShell(0);
        assertEquals(2.83, shell.peakR(), 0.06);
        assertEquals(12, shell.coordination(), 0.05);
    }

    @Test
    void absentElementsAndEmptyShells() {
        Rdf rdf = new Rdf(1.0, 0.1, List.of(Rdf.Pair.parse("Cu-S")));
        rdf.add(RdfTest.fcc(4.0, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, rdf::requirePairsPresent);
        assertEquals("pair Cu-S: the trajectory has no S atoms", e.getMessage());
        Rdf near = new Rdf(1.0, 0.1, null);
        near.add(RdfTest.fcc(4.0, 2));
        near.requirePairsPresent();
        assertNull(near.firstShell(0));
    }
}
