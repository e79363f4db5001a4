package kiseki.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.structure.Frame;
import kiseki.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line, run in-process exactly as {@code ./kiseki} runs it. */
class CliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KisekiCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void lgpsInfoAsJson() throws Exception {
        Path cif = SharedData.require("data/structures/LGPS_mp-696128.cif");
        Result r = run("structure", "info", cif.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        assertEquals(50, o.get("natoms").asInt());
        assertEquals("Li20Ge2P4S24", o.get("formula").asText());
        assertEquals("Li10GeP2S12", o.get("reduced_formula").asText());
        assertEquals(977.45, o.get("volume").asDouble(), 0.01);
        assertEquals(20, o.get("elements").get("Li").asInt());
        assertEquals(24, o.get("elements").get("S").asInt());
        assertEquals(8.787646, o.get("lattice").get("a").asDouble(), 1e-9);
        assertEquals(90.0, o.get("lattice").get("gamma").asDouble(), 1e-9);
        // ρ = 50 atoms' mass / V: 20·6.94 + 2·72.630 + 4·30.973761998 + 24·32.06 = 1810.595 amu
        double mass = 20 * 6.94 + 2 * 72.630 + 4 * 30.973761998 + 24 * 32.06;
        assertEquals(mass / 977.45015876 * 1.66053906660, o.get("density").asDouble(), 1e-4);
        // the shortest bond in LGPS is P–S at about 2.05 Å
        assertEquals(2.05, o.get("min_distance").asDouble(), 0.05);
        assertEquals(1, o.get("frames").asInt());
    }

    @Test
    void textInfoIsReadable() {
        Path cif = SharedData.require("data/structures/LGPS_mp-696128.cif");
        Result r = run("structure", "info", cif.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Li20Ge2P4S24"), r.out());
        assertTrue(r.out().contains("977.45"), r.out());
    }

    @Test
    void partialOccupancyIsRefusedUnlessOrdered() throws Exception {
        Path cif = SharedData.require("data/structures/Ca2AlNbO6_cod2100513.cif");
        Result refused = run("structure", "info", cif.toString(), "--json");
        assertEquals(KisekiCli.EXIT_FAILURE, refused.code());
        assertTrue(refused.out().isEmpty());
        String line = refused.err().strip();
        assertFalse(line.contains("\n"), "one line only: " + line);
        assertTrue(line.startsWith("kiseki: error: "), line);
        assertTrue(line.contains("Ca2AlNbO6_cod2100513.cif"), line);
        for (String site : List.of("Al1", "Nb1", "Al2", "Nb2")) {
            assertTrue(line.contains(site), "names " + site + ": " + line);
        }
        assertFalse(line.contains("Exception"), line);

        Result ordered = run("structure", "info", cif.toString(), "--order-disorder", "--json");
        assertEquals(0, ordered.code(), ordered.err());
        JsonNode o = ordered.json();
        assertEquals(20, o.get("natoms").asInt());
        assertEquals(4, o.get("elements").get("Ca").asInt());
        assertEquals(2, o.get("elements").get("Al").asInt());
        assertEquals(2, o.get("elements").get("Nb").asInt());
        assertEquals(12, o.get("elements").get("O").asInt());
        assertEquals(89.970, o.get("lattice").get("beta").asDouble(), 1e-6);
        assertTrue(o.get("warnings").size() > 0);
    }

    @Test
    void debugShowsTheStackTrace() {
        Path cif = SharedData.require("data/structures/Ca2AlNbO6_cod2100513.cif");
        Result r = run("--debug", "structure", "info", cif.toString());
        assertEquals(KisekiCli.EXIT_FAILURE, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void supercellOfLgpsHas1600Atoms(@TempDir Path tmp) throws Exception {
        Path cif = SharedData.require("data/structures/LGPS_mp-696128.cif");
        Path out = tmp.resolve("lgps-442.extxyz");
        Result r = run("structure", "supercell", cif.toString(), out.toString(), "--size", "4x4x2");
        assertEquals(0, r.code(), r.err());
        JsonNode o = run("structure", "info", out.toString(), "--json").json();
        assertEquals(1600, o.get("natoms").asInt());
        assertEquals("Li640Ge64P128S768", o.get("formula").asText());
        assertEquals(32 * 977.45015876, o.get("volume").asDouble(), 1e-4);
        assertEquals(4 * 8.787646, o.get("lattice").get("a").asDouble(), 1e-9);

        Path viaMatrix = tmp.resolve("lgps-222.vasp");
        assertEquals(0, run("structure", "supercell", cif.toString(), viaMatrix.toString(), "--matrix",
                "2 0 0 0 2 0 0 0 2").code());
        assertEquals(400, run("structure", "info", viaMatrix.toString(), "--json").json().get("natoms").asInt());
    }

    @Test
    void perturbWritesSeededFrames(@TempDir Path tmp) throws Exception {
        Path cif = SharedData.require("data/structures/LGPS_mp-696128.cif");
        Path out = tmp.resolve("displaced.extxyz");
        Result r = run("structure", "perturb", cif.toString(), out.toString(), "--count", "5", "--min", "0.1", "--max",
                "0.2", "--seed", "1", "--strain", "0.02");
        assertEquals(0, r.code(), r.err());
        List<Frame> frames = StructureFormats.require("extxyz").readAll(out, ReadOptions.DEFAULT);
        assertEquals(5, frames.size());
        for (Frame f : frames) {
            assertEquals(50, f.structure().size());
        }
        Path again = tmp.resolve("again.extxyz");
        run("structure", "perturb", cif.toString(), again.toString(), "--count", "5", "--min", "0.1", "--max", "0.2",
                "--seed", "1", "--strain", "0.02");
        assertEquals(Files.readString(out), Files.readString(again), "same seed, same structures");
    }

    @Test
    void projectNewAddShow(@TempDir Path tmp) throws Exception {
        Path cif = SharedData.require("data/structures/LGPS_mp-696128.cif");
        Path dir = tmp.resolve("lgps-study");
        Result created = run("project", "new", dir.toString(), "--name", "LGPS conductivity");
        assertEquals(0, created.code(), created.err());
        Result added = run("project", "add-structure", dir.toString(), cif.toString(), "--json");
        assertEquals(0, added.code(), added.err());
        JsonNode a = added.json();
        assertEquals("structure", a.get("kind").asText());
        assertEquals("structures/LGPS_mp-696128.cif", a.get("path").asText());
        assertEquals("Li20Ge2P4S24", a.get("parameters").get("formula").asText());
        assertTrue(Files.isRegularFile(dir.resolve("structures/LGPS_mp-696128.cif")));

        JsonNode shown = run("project", "show", dir.toString(), "--json").json();
        assertEquals("LGPS conductivity", shown.get("name").asText());
        assertEquals(1, shown.get("artefacts").size());
        assertEquals(1, shown.get("counts").get("structure").asInt());
        Result text = run("project", "show", dir.toString());
        assertTrue(text.out().contains("structures/LGPS_mp-696128.cif"), text.out());

        // an unreadable structure is refused and the project is unchanged
        Path bad = tmp.resolve("bad.cif");
        Files.writeString(bad, "data_x\n_cell_length_a 5\n");
        Result refused = run("project", "add-structure", dir.toString(), bad.toString());
        assertEquals(KisekiCli.EXIT_FAILURE, refused.code());
        assertTrue(refused.err().contains("bad.cif"), refused.err());
        assertEquals(1, run("project", "show", dir.toString(), "--json").json().get("artefacts").size());
    }

    @Test
    void errorsAreOneLine(@TempDir Path tmp) {
        Result missing = run("structure", "info", tmp.resolve("nope.cif").toString());
        assertEquals(KisekiCli.EXIT_FAILURE, missing.code());
        assertEquals("kiseki: error: no such file: " + tmp.resolve("nope.cif"), missing.err().strip());

        Result unknownFormat = run("structure", "info", tmp.resolve("x.abc").toString(), "--from", "abc");
        assertEquals(KisekiCli.EXIT_FAILURE, unknownFormat.code());

        Result usage = run("structure", "supercell", "a.cif", "b.cif");
        assertEquals(KisekiCli.EXIT_USAGE, usage.code());
        assertTrue(usage.err().contains("--size"), usage.err());

        Result notAProject = run("project", "show", tmp.toString());
        assertEquals(KisekiCli.EXIT_FAILURE, notAProject.code());
        assertFalse(notAProject.err().contains("Exception"), notAProject.err());
    }

    @Test
    void datasetInfoOfTheSharedLgpsFrames() throws Exception {
        Path data = SharedData.require("data/lgps/lgps_init_590.extxyz");
        Result r = run("dataset", "info", data.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        assertEquals(590, o.get("frames").asInt());
        assertEquals(29_500, o.get("atoms").asInt());
        assertEquals("[\"Li\",\"Ge\",\"P\",\"S\"]", o.get("elements_list").toString());
    }

    @Test
    void mdWithLennardJonesWritesThermoAndTrajectory(@TempDir Path tmp) throws Exception {
        Path poscar = tmp.resolve("Ar.vasp");
        StringBuilder sb = new StringBuilder("fcc Ar\n1.0\n10.52 0 0\n0 10.52 0\n0 0 10.52\nAr\n32\nDirect\n");
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < 2; c++) {
                    for (double[] f : new double[][] {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}}) {
                        sb.append((a + f[0]) / 2).append(' ').append((b + f[1]) / 2).append(' ')
                                .append((c + f[2]) / 2).append('\n');
                    }
                }
            }
        }
        Files.writeString(poscar, sb.toString());
        Path thermo = tmp.resolve("thermo.csv");
        Path traj = tmp.resolve("traj.extxyz");
        Result r = run("md", "--lj", "0.0104,3.40,5.0", "--structure", poscar.toString(), "--ensemble", "nve",
                "--temperature", "50", "--timestep", "2", "--steps", "200", "--thermo", thermo.toString(),
                "--thermo-every", "50", "--traj", traj.toString(), "--traj-every", "50", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        assertEquals("completed", o.get("outcome").asText());
        assertEquals(200, o.get("steps").asInt());
        List<String> lines = Files.readAllLines(thermo);
        assertTrue(lines.get(0).startsWith("step,time_ps,temperature_K"), lines.get(0));
        assertEquals(5, StructureFormats.require("extxyz").readAll(traj, ReadOptions.DEFAULT).size(),
                "frames at steps 0, 50, 100, 150, 200");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : List.of(new String[] {"--help"}, new String[] {"structure", "--help"},
                new String[] {"structure", "info", "--help"}, new String[] {"structure", "convert", "--help"},
                new String[] {"structure", "supercell", "--help"}, new String[] {"structure", "perturb", "--help"},
                new String[] {"project", "--help"}, new String[] {"project", "new", "--help"},
                new String[] {"project", "add-structure", "--help"}, new String[] {"project", "show", "--help"},
                new String[] {"qe", "label", "--help"}, new String[] {"qe", "pseudos", "--help"},
                new String[] {"dataset", "info", "--help"}, new String[] {"dataset", "split", "--help"},
                new String[] {"train", "--help"}, new String[] {"eval", "--help"},
                new String[] {"export", "sannp", "--help"}, new String[] {"analyze", "rdf", "--help"},
                new String[] {"analyze", "msd", "--help"}, new String[] {"analyze", "arrhenius", "--help"},
                new String[] {"md", "--help"})) {
            Result r = run(cmd);
            assertEquals(0, r.code(), String.join(" ", cmd));
            assertTrue(r.out().startsWith("Usage: kiseki"), String.join(" ", cmd) + ": " + r.out());
        }
    }
}
