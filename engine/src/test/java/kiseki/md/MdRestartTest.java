package kiseki.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MdRestartTest {

    @TempDir
    Path dir;

    @Test
    void noseHooverChainRestartContinuesExactly() throws IOException {
        continuesExactly(() -> new NoseHooverChain(150, 50, 3), "nhc");
    }

    @Test
    void bussiRestartContinuesExactly() throws IOException {
        continuesExactly(() -> new Bussi(150, 50, 11), "bussi");
    }

    @Test
    void langevinRestartContinuesExactly() throws IOException {
        continuesExactly(() -> new Langevin(150, 200, 12), "langevin");
    }

    @Test
    void nveRestartContinuesExactly() throws IOException {
        continuesExactly(Thermostat::none, "nve");
    }

    private void continuesExactly(Supplier<Thermostat> thermostat, String label) throws IOException {
        MdState a = new MdState(MdTest.argon(2));
        a.maxwellBoltzmann(150, 21);
        VelocityVerlet straight = new VelocityVerlet(MdTest.ARGON, a, 2.0, thermostat.get());
        MdState b = new MdState(MdTest.argon(2));
        b.maxwellBoltzmann(150, 21);
        VelocityVerlet first = new VelocityVerlet(MdTest.ARGON, b, 2.0, thermostat.get());
        for (int s = 0; s < 300; s++) {
            straight.step();
            first.step();
        }
        Path restart = dir.resolve(label + ".json");
        MdRestart.write(restart, first);
        VelocityVerlet resumed = MdRestart.read(restart, MdTest.ARGON, thermostat.get());
        assertEquals(300, resumed.state().step());
        assertEquals(600.0, resumed.state().timeFs(), 0);
        assertEquals(first.conservedEnergy(), resumed.conservedEnergy(), 0);
        for (int s = 0; s < 300; s++) {
            straight.step();
            resumed.step();
        }
        assertTrue(straight.rebuilds() > 1, "the test should cross neighbour-list rebuilds");
        assertArrayEquals(a.structure().positions(), resumed.state().structure().positions(), 0, label);
        assertArrayEquals(a.velocities(), resumed.state().velocities(), 0, label);
        assertEquals(straight.conservedEnergy(), resumed.conservedEnergy(), 0, label);
    }

    @Test
    void rejectsWrongThermostatAndGarbage() throws IOException {
        MdState state = new MdState(MdTest.argon(1));
        state.maxwellBoltzmann(50, 1);
        VelocityVerlet md = new VelocityVerlet(MdTest.ARGON, state, 1.0, new NoseHooverChain(50));
        Path restart = dir.resolve("r.json");
        MdRestart.write(restart, md);
        IOException wrong = assertThrows(IOException.class,
                () -> MdRestart.read(restart, MdTest.ARGON, new Bussi(50, 100, 1)));
        assertTrue(wrong.getMessage().contains("\"nose-hoover-chain\""), wrong.getMessage());
        Path garbage = dir.resolve("g.json");
        Files.writeString(garbage, "{\"format\": \"kiseki-md-restart\", \"species\": [\"Ar\"], \"positions_A\": [1, 2]}");
        IOException bad = assertThrows(IOException.class, () -> MdRestart.read(garbage, MdTest.ARGON,
                Thermostat.none()));
        assertTrue(bad.getMessage().contains("\"positions_A\" has 2 numbers, expected 3"), bad.getMessage());
        Files.writeString(garbage, "not json");
        assertThrows(IOException.class, () -> MdRestart.read(garbage, MdTest.ARGON, Thermostat.none()));
    }
}
