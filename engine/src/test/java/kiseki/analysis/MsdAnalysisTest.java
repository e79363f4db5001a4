package kiseki.analysis;

import org.junit.jupiter.api.Test;

import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MsdAnalysisTest {

    @Test
    void defaultsAreHalfTheTrajectoryAndTheMiddleOfTheLags() {
        Msd msd = TransportTest.walk(11, 0);
        double dt = TransportTest.DT;
        MsdAnalysis a = MsdAnalysis.of(msd, dt, null, 1, null, null, null);
        assertEquals(299, a.maxLag());
        assertEquals(300, a.timesFs().length);
        assertEquals(299 * dt, a.timesFs()[299], 1e-12);
        assertEquals(0.2 * 299 * dt, a.fitFromFs(), 1e-12);
        assertEquals(0.8 * 299 * dt, a.fitToFs(), 1e-12);
        Diffusion byHand = Diffusion.fit(TransportTest.times(299), msd.compute(299, 1), 0.2 * 299 * dt,
                0.8 * 299 * dt);
        assertEquals(byHand.dA2PerFs(), a.diffusion().dA2PerFs(), 1e-18);
        assertEquals(TransportTest.D_TRUE, a.diffusion().dA2PerFs(), 0.05 * TransportTest.D_TRUE);
        assertNull(a.blocks());
        assertEquals("Li", a.species());
        assertEquals(400, a.ions());
        assertEquals(600, a.frames());
        // Nernst-Einstein with the walkers' density
        double n = 400 / 25.0 / 25 / 25;
        double sigma = Conductivity.nernstEinstein(n, 1, a.diffusion().dCm2PerS(), 600);
        assertEquals(sigma, a.sigma(1, 600), 1e-12 * sigma);
        double error = Conductivity.nernstEinstein(n, 2, a.diffusion().dErrCm2PerS(), 600);
        assertEquals(error, a.sigmaError(2, 600), 1e-12 * error);
    }

    @Test
    void explicitWindowLagAndBlocks() throws Exception {
        Msd msd = TransportTest.walk(11, 0);
        MsdAnalysis a = MsdAnalysis.of(msd, 2.0, 100.0, 1, 10.0, 100.0, 5);
        assertEquals(50, a.maxLag());
        assertEquals(BlockDiffusion.of(msd, 5, 50, 2.0, 10, 100).meanA2PerFs(), a.blocks().meanA2PerFs(), 1e-18);
        StringWriter w = new StringWriter();
        a.writeCsv(w);
        String[] lines = w.toString().split("\\R");
        assertEquals("t_fs,msd_A2", lines[0]);
        assertEquals(52, lines.length);
        assertTrue(lines[2].startsWith("2.00000,"), lines[2]);
        assertThrows(IllegalArgumentException.class, () -> MsdAnalysis.of(msd, 0, null, 1, null, null, null));
    }
}
