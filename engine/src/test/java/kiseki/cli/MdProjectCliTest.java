package kiseki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kiseki.cli.CliTest.Result;
import kiseki.io.ExtxyzFormat;
import kiseki.io.WriteOptions;
import kiseki.nnp.NnpPotentialTest;
import kiseki.nnp.NnpTestModels;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import kiseki.structure.Frame;

/** {@code md --project}: the run as an md job of the project, recorded as an md-run artefact with its lineage. */
class MdProjectCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Conventional fcc argon cell, 4 atoms, a = 5.26 Å. */
    private static Path argon(Path dir) throws Exception {
        Path poscar = dir.resolve("Ar.vasp");
        Files.writeString(poscar, "fcc Ar\n1.0\n5.26 0 0\n0 5.26 0\n0 0 5.26\nAr\n4\nDirect\n"
                + "0 0 0\n0 0.5 0.5\n0.5 0 0.5\n0.5 0.5 0\n");
        return poscar;
    }

    @Test
    void ljRunInAProjectIsRecordedWithItsStructureAndItsDumpAnalysed(@TempDir Path tmp) throws Exception {
        Path project = tmp.resolve("P");
        assertEquals(0, CliTest.run("project", "new", project.toString(), "--name", "argon").code());
        Result added = CliTest.run("project", "add-structure", project.toString(), argon(tmp).toString(), "--json");
        assertEquals(0, added.code(), added.err());
        String structureId = added.json().get("id").asText();

        Result r = CliTest.run("md", "--lj", "0.0104,3.40,8.5", "--structure", structureId, "--project",
                project.toString(), "--ensemble", "nve", "--temperature", "80", "--timestep", "2", "--steps", "200",
                "--thermo-every", "50", "--traj-every", "20", "--traj-format", "lammps-dump", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        assertEquals("completed", o.get("outcome").asText());
        assertEquals(200, o.get("steps").asInt());
        assertEquals("job-0001", o.get("job").asText());
        assertEquals("md-runs/job-0001", o.get("folder").asText());
        assertTrue(o.get("temperature_K").asDouble() > 0, o.toString());
        String runId = o.get("artefact").asText();
        assertTrue(runId.startsWith("md-run-"), runId);
        assertTrue(r.err().contains("step 200 of 200: 0.400 ps"), r.err());

        Project p = Project.open(project);
        Artefact run = p.artefact(runId).orElseThrow();
        assertEquals(ArtefactKind.MD_RUN, run.kind());
        assertEquals("md-runs/job-0001", run.path());
        assertEquals(List.of(structureId), run.parents());
        assertEquals(structureId, run.parameter("structure_artefact"));
        assertEquals("lammps-dump", run.parameter("trajectory_format"));
        Path folder = project.resolve("md-runs/job-0001");
        for (String file : List.of("job.json", "start.extxyz", "thermo.csv", "trajectory.lammpstrj", "restart.json")) {
            assertTrue(Files.isRegularFile(folder.resolve(file)), file);
        }
        assertEquals("done", JSON.readTree(folder.resolve("job.json").toFile()).get("state").asText());
        assertEquals(6, Files.readAllLines(folder.resolve("thermo.csv")).size(), "header + steps 0, 50, ..., 200");

        // the dump carries its times (ITEM: TIME in ps, metal units): no --dt-fs needed
        Result msd = CliTest.run("analyze", "msd", folder.resolve("trajectory.lammpstrj").toString(), "--species",
                "Ar", "--out", tmp.resolve("msd.csv").toString(), "--json");
        assertEquals(0, msd.code(), msd.err());
        assertEquals(11, msd.json().get("frames").asInt());
        assertEquals(40.0, msd.json().get("dt_fs").asDouble(), 1e-9, "20 steps of 2 fs between frames");

        // the structure named by its file inside the project is the same artefact; plain output is the id
        Path structureFile = p.resolve(p.artefact(structureId).orElseThrow());
        Result text = CliTest.run("md", "--lj", "0.0104,3.40,8.5", "--structure", structureFile.toString(),
                "--project", project.toString(), "--temperature", "80", "--steps", "20", "--thermo-every", "10");
        assertEquals(0, text.code(), text.err());
        String secondId = text.out().strip();
        assertNotEquals(runId, secondId);
        Artefact second = Project.open(project).artefact(secondId).orElseThrow();
        assertEquals("md-runs/job-0002", second.path());
        assertEquals(List.of(structureId), second.parents());
        assertTrue(Files.isRegularFile(project.resolve("md-runs/job-0002/trajectory.extxyz")), "extxyz by default");
    }

    @Test
    void trainedPotentialArtefactIsCopiedAndBecomesAParent(@TempDir Path tmp) throws Exception {
        Path project = tmp.resolve("P");
        Project p = Project.create(project, "nnp");
        Path model = tmp.resolve("model.json");
        NnpTestModels.randomHdnnp(5).write(model);
        Artefact potential = p.addFile(ArtefactKind.POTENTIAL, model, "random hdnnp", null, null);
        Path start = tmp.resolve("lps.extxyz");
        new ExtxyzFormat().write(start, List.of(new Frame(NnpPotentialTest.cell(3))), WriteOptions.DEFAULT);

        Result r = CliTest.run("md", "--potential", potential.id(), "--structure", start.toString(), "--project",
                project.toString(), "--temperature", "30", "--timestep", "0.1", "--steps", "4", "--thermo-every",
                "1", "--threads", "1", "--json");
        assertEquals(0, r.code(), r.err());
        Artefact run = Project.open(project).artefact(r.json().get("artefact").asText()).orElseThrow();
        assertEquals(List.of(potential.id()), run.parents(), "the start structure is a file outside the project");
        assertEquals(start.toString(), run.parameter("structure_source"));
        assertEquals("potential.json", run.parameter("potential_file"));
        assertEquals(Files.readString(model), Files.readString(project.resolve(run.path()).resolve("potential.json")),
                "the run keeps its own copy of the potential");
    }

    @Test
    void projectRunsWriteTheirOutputsIntoTheirFolder(@TempDir Path tmp) throws Exception {
        Path project = tmp.resolve("P");
        assertEquals(0, CliTest.run("project", "new", project.toString(), "--name", "x").code());
        Result r = CliTest.run("md", "--lj", "0.0104,3.40,8.5", "--structure", argon(tmp).toString(), "--project",
                project.toString(), "--temperature", "80", "--steps", "10", "--traj", tmp.resolve("t.extxyz")
                        .toString());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("leave out --thermo, --traj and --restart"), r.err());
        Result unknown = CliTest.run("md", "--lj", "0.0104,3.40,8.5", "--structure", "structure-00000000",
                "--project", project.toString(), "--temperature", "80", "--steps", "10");
        assertNotEquals(0, unknown.code());
        assertTrue(unknown.err().contains("structure-00000000"), unknown.err());
        assertTrue(Files.notExists(project.resolve("md-runs/job-0001")), "no job for a refused command");
    }

    @Test
    void withoutAProjectTheTrajectoryFormatFollowsTheFileName(@TempDir Path tmp) throws Exception {
        Path dump = tmp.resolve("run.lammpstrj");
        Result r = CliTest.run("md", "--lj", "0.0104,3.40,8.5", "--structure", argon(tmp).toString(),
                "--temperature", "80", "--steps", "20", "--traj", dump.toString(), "--traj-every", "10");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(dump);
        assertEquals(List.of("ITEM: UNITS", "metal", "ITEM: TIME", "0.0", "ITEM: TIMESTEP", "0"), lines.subList(0, 6));
        assertEquals(3, lines.stream().filter(l -> l.equals("ITEM: TIMESTEP")).count());
        Path images = tmp.resolve("images.txt");
        Result i = CliTest.run("md", "--lj", "0.0104,3.40,8.5", "--structure", argon(tmp).toString(),
                "--temperature", "80", "--steps", "20", "--traj", images.toString(), "--traj-format",
                "lammps-dump-images");
        assertEquals(0, i.code(), i.err());
        assertTrue(Files.readString(images).contains("ITEM: ATOMS id type element x y z ix iy iz"));
    }
}
