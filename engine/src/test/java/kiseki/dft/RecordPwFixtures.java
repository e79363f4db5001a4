package kiseki.dft;

import kiseki.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Re-records the si2-* fixtures of resources/kiseki/dft with the installed pw.x (see the README there). Runs only when
 * asked: {@code ./mvnw -pl engine test -Dtest=RecordPwFixtures -Dkiseki.recordPwFixtures=$PWD/engine/src/test/resources/kiseki/dft}.
 */
@EnabledIfSystemProperty(named = "kiseki.recordPwFixtures", matches = ".+")
class RecordPwFixtures {

    /** The fixture settings: 12 Ry (small outputs), 2×2×2, everything else at the defaults. */
    static PwSettings fixtureSettings() {
        return PwSettings.DEFAULTS.withCutoffs(12, null).withKpoints(KPoints.mesh(2, 2, 2)).withFixedOccupations();
    }

    @TempDir
    Path tmp;

    @Test
    void record() throws Exception {
        Path target = Path.of(System.getProperty("kiseki.recordPwFixtures"));
        Path pseudoDir = SharedData.require("pseudo/Si.pz-vbc.UPF").getParent();
        PseudoAssignment si = PseudoAssignment.choose(PseudoLibrary.scan(List.of(pseudoDir)), List.of("Si"));

        String converged = PwInput.render(PwTesting.silicon2Displaced(), fixtureSettings(), si, "si2", "./out");
        assertEquals(0, record(target, "si2-converged", converged));

        String notConverged = PwInput.render(PwTesting.silicon2Displaced(), fixtureSettings().withElectronMaxstep(2),
                si, "si2nc", "./out");
        assertEquals(2, record(target, "si2-not-converged", notConverged), "pw.x 6.7 stops with STOP 2");

        Path empty = Files.createDirectories(tmp.resolve("empty-pseudo"));
        String missing = converged.replace("pseudo_dir = '" + pseudoDir.toAbsolutePath().normalize() + "'",
                "pseudo_dir = '" + empty + "'");
        assertTrue(missing.contains(empty.toString()), missing);
        assertEquals(1, record(target, "si2-missing-pseudo", missing));

        // a run stopped during the SCF: the converged output cut after the accuracy of iteration 3
        String out = Files.readString(target.resolve("si2-converged.out"));
        int third = out.indexOf("iteration #  3");
        int cut = out.indexOf('\n', out.indexOf("estimated scf accuracy", third)) + 1;
        Files.writeString(target.resolve("si2-truncated.out"), out.substring(0, cut));
    }

    private int record(Path target, String name, String input) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve(name + ".in"), input);
        int exit = PwTesting.run(dir, name + ".in", name + ".out", name + ".err");
        Files.copy(dir.resolve(name + ".in"), target.resolve(name + ".in"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(dir.resolve(name + ".out"), target.resolve(name + ".out"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String err = Files.readString(dir.resolve(name + ".err"));
        if (!err.isBlank()) {
            Files.writeString(target.resolve(name + ".err"), err);
        }
        return exit;
    }
}
