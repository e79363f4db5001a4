package kiseki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.io.Units;
import kiseki.potential.LennardJones;
import kiseki.structure.Frame;
import kiseki.structure.Structure;

/** {@code kiseki mc} run in-process. */
class McCommandTest {

    @TempDir
    Path tmp;

    /** 32-atom fcc argon (a = 5.26 Å): the conventional cell written as POSCAR, doubled by the CLI itself. */
    private Path argon() throws Exception {
        Path cell = tmp.resolve("Ar4.vasp");
        Files.writeString(cell, "fcc Ar\n1.0\n5.26 0 0\n0 5.26 0\n0 0 5.26\nAr\n4\nDirect\n"
                + "0 0 0\n0 0.5 0.5\n0.5 0 0.5\n0.5 0.5 0\n");
        Path supercell = tmp.resolve("Ar32.vasp");
        CliTest.Result r = CliTest.run("structure", "supercell", cell.toString(), supercell.toString(), "--size",
                "2x2x2");
        assertEquals(0, r.code(), r.err());
        return supercell;
    }

    @Test
    void monteCarloWithLennardJonesWritesLogAndSamples() throws Exception {
        Path structure = argon();
        Path log = tmp.resolve("mc.csv");
        Path samples = tmp.resolve("samples.extxyz");
        double t = 50;
        CliTest.Result r = CliTest.run("mc", "--lj", "0.0104,3.40,5.0,shift", "--structure", structure.toString(),
                "--temperature", Double.toString(t), "--sweeps", "200", "--equilibration", "50", "--samples",
                samples.toString(), "--sample-every", "50", "--log", log.toString(), "--log-every", "10", "--seed",
                "3", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        assertEquals("completed", o.get("outcome").asText());
        assertEquals(32, o.get("atoms").asInt());
        assertEquals(250, o.get("sweeps").asInt());
        assertEquals(200, o.get("sampling_sweeps").asInt());
        assertEquals(t, o.get("temperature_K").asDouble());
        assertEquals(0.4, o.get("acceptance").asDouble(), 0.05);
        assertTrue(o.get("max_step_A").asDouble() > 0.05 && o.get("max_step_A").asDouble() < 1, o.toString());
        double mean = o.get("mean_energy_eV").asDouble();
        double error = o.get("mean_energy_err_eV").asDouble();
        assertEquals(mean / 32, o.get("mean_energy_per_atom_eV").asDouble(), 1e-12);
        assertEquals(error / 32, o.get("mean_energy_per_atom_err_eV").asDouble(), 1e-12);
        // a nearly harmonic solid at 50 K: 3/2 k_B T per atom above the perfect lattice
        Structure lattice = StructureFormats.resolve(structure, null).readFirst(structure, ReadOptions.DEFAULT)
                .structure();
        double static0 = LennardJones.of(0.0104, 3.40, 5.0).withEnergyShift().compute(lattice).energy / 32;
        double thermal = 1.5 * Units.BOLTZMANN_EV_PER_K * t;
        assertTrue(error > 0 && error / 32 < 0.1 * thermal, "error " + error);
        assertEquals(thermal, mean / 32 - static0, 0.2 * thermal, "thermal energy per atom");

        List<String> lines = Files.readAllLines(log);
        assertEquals("sweep,energy_eV,energy_per_atom_eV,acceptance,max_step_A", lines.get(0));
        assertEquals(1 + 26, lines.size(), "records at sweeps 0, 10, ..., 250");
        assertTrue(lines.get(26).startsWith("250,"), lines.get(26));
        List<Frame> frames = StructureFormats.require("extxyz").readAll(samples, ReadOptions.DEFAULT);
        assertEquals(4, frames.size(), "samples at sweeps 100, 150, 200, 250");
        assertEquals("100", frames.get(0).info().get("step"));
        assertEquals(o.get("energy_eV").asDouble(), frames.get(3).energy(), 1e-6);
        assertTrue(r.err().contains("acceptance"), "progress lines on stderr");
    }

    @Test
    void fixedStepIsKeptAndBadOptionsAreExplained() throws Exception {
        Path structure = argon();
        CliTest.Result r = CliTest.run("mc", "--lj", "0.0104,3.40,5.0", "--structure", structure.toString(),
                "--temperature", "30", "--sweeps", "5", "--max-step", "0.07", "--fixed-step", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(0.07, r.json().get("max_step_A").asDouble(), 0);

        CliTest.Result bad = CliTest.run("mc", "--lj", "0.0104,3.40", "--structure", structure.toString(),
                "--temperature", "30", "--sweeps", "5");
        assertEquals(KisekiCli.EXIT_FAILURE, bad.code());
        assertTrue(bad.err().contains("Lennard-Jones needs EPS,SIGMA,RCUT"), bad.err());
        CliTest.Result cold = CliTest.run("mc", "--lj", "0.0104,3.40,5.0", "--structure", structure.toString(),
                "--temperature", "0", "--sweeps", "5");
        assertEquals(KisekiCli.EXIT_FAILURE, cold.code());
        assertTrue(cold.err().contains("temperature > 0 K"), cold.err());

        CliTest.Result help = CliTest.run("mc", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().startsWith("Usage: kiseki mc"), help.out());
    }
}
