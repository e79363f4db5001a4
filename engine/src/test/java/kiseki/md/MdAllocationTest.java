package kiseki.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class MdAllocationTest {

    @Test
    void stepsAllocateNothingBetweenRebuilds() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
                "per-thread allocation counter not available on this JVM");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        for (Thermostat th : new Thermostat[] {new NoseHooverChain(20), new Bussi(20, 1),
                new Langevin(20, 2), Thermostat.none()}) {
            MdState state = new MdState(MdTest.argon(2));
            state.maxwellBoltzmann(20, 5);
            // a wide skin: no rebuild in these few steps, so only the refresh path runs
            VelocityVerlet md = new VelocityVerlet(MdTest.ARGON, state, 1.0, 2.0, th);
            for (int s = 0; s < 200; s++) {
                md.step();
                md.conservedEnergy();
                md.minimumDistance();
            }
            int rebuilds = md.rebuilds();
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int s = 0; s < 200; s++) {
                md.step();
                md.conservedEnergy();
                md.minimumDistance();
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            assertEquals(rebuilds, md.rebuilds(), "no rebuild expected at 20 K");
            assertTrue(allocated < 2048, th.name() + " allocated " + allocated + " bytes in 200 steps");
        }
    }
}
