package kiseki.analysis;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameTimesTest {

    @Test
    void timesFromEachKindOfFrameInfo() {
        FrameTimes fs = new FrameTimes(null, null, "hint");
        fs.add(Map.of("time_fs", "10.0", "step", "10"));
        fs.add(Map.of("time_fs", "12.5"));
        fs.add(Map.of("time_fs", " 15 "));
        assertEquals(3, fs.count());
        assertEquals(2.5, fs.spacingFs(), 1e-12);

        FrameTimes ps = new FrameTimes(null, null, "hint");
        ps.add(Map.of("time_ps", "0.001"));
        ps.add(Map.of("time_ps", "0.003"));
        assertEquals(2.0, ps.spacingFs(), 1e-12);

        FrameTimes unit = new FrameTimes(null, "ps", "hint");
        unit.add(Map.of("Time", "1"));
        unit.add(Map.of("Time", "1.5"));
        assertEquals(500, unit.spacingFs(), 1e-9);

        FrameTimes steps = new FrameTimes(0.5, null, "hint");
        steps.add(Map.of("timestep", "100"));
        steps.add(Map.of("timestep", "120"));
        assertEquals(10, steps.spacingFs(), 1e-12);
    }

    @Test
    void missingOrBadTimesSayWhatToDo() {
        FrameTimes none = new FrameTimes(null, null, "give the spacing");
        none.add(Map.of("time_fs", "0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> none.add(Map.of()));
        assertTrue(e.getMessage().startsWith("frame 2 carries no time"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; give the spacing"), e.getMessage());

        FrameTimes noUnit = new FrameTimes(null, null, "give the unit");
        e = assertThrows(IllegalArgumentException.class, () -> noUnit.add(Map.of("time", "3")));
        assertEquals("frame 1 has 'time' without a unit; give the unit", e.getMessage());
        FrameTimes badUnit = new FrameTimes(null, "ns", "x");
        e = assertThrows(IllegalArgumentException.class, () -> badUnit.add(Map.of("time", "3")));
        assertEquals("the time unit must be fs or ps, got ns", e.getMessage());
        FrameTimes garbled = new FrameTimes(null, null, "x");
        e = assertThrows(IllegalArgumentException.class, () -> garbled.add(Map.of("time_fs", "1.2.3")));
        assertEquals("frame 1: time_fs '1.2.3' is not a number", e.getMessage());

        FrameTimes uneven = new FrameTimes(null, null, "x");
        uneven.add(Map.of("time_fs", "0"));
        assertThrows(IllegalArgumentException.class, uneven::spacingFs);
        uneven.add(Map.of("time_fs", "2"));
        uneven.add(Map.of("time_fs", "5"));
        e = assertThrows(IllegalArgumentException.class, uneven::spacingFs);
        assertTrue(e.getMessage().startsWith("frames are not equally spaced in time: frame 3 comes 3.0 fs"),
                e.getMessage());
    }
}
