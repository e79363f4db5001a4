package kiseki.app.structure;

import kiseki.app.TestSupport;
import kiseki.app.Workbench;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import kiseki.structure.Frame;
import kiseki.structure.Perturbations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Structure tab's view-model, without a screen: import, supercell and perturbation into a project. */
class StructureModelTest {

    private final Workbench workbench = TestSupport.headlessWorkbench("en");

    @AfterEach
    void close() {
        workbench.close();
    }

    @Test
    void importSupercellAndPerturbLgpsIntoAProject(@TempDir Path tmp) throws Exception {
        Path cif = TestSupport.shared("data/structures/LGPS_mp-696128.cif");
        TestSupport.await(workbench.newProject(tmp.resolve("lgps"), "LGPS", p -> { }), Duration.ofSeconds(20));
        Project project = workbench.project();
        assertNotNull(project);
        StructureModel model = new StructureModel(workbench);
        TestSupport.await(model.importFile(cif, a -> { }), Duration.ofSeconds(20));
        assertEquals(50, model.structure().size());
        assertEquals(50, model.atoms().size());
        assertEquals("Formula", model.cellRows().get(0).property());
        assertTrue(model.titleProperty().get().contains("50 atoms"), model.titleProperty().get());
        Artefact imported = model.artefactProperty().get();
        assertEquals(ArtefactKind.STRUCTURE, imported.kind());

        int[][] t = {{2, 0, 0}, {0, 2, 0}, {0, 0, 1}};
        assertEquals(200, model.supercellAtoms(t));
        assertEquals(0, model.supercellAtoms(new int[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 0}}));
        TestSupport.await(model.supercell(t, a -> { }), Duration.ofSeconds(20));
        assertEquals(200, model.structure().size());
        Artefact big = model.artefactProperty().get();
        assertEquals(List.of(imported.id()), big.parents());
        assertEquals("2x2x1", big.parameter("supercell"));

        TestSupport.await(model.perturb(new Perturbations.Settings(5, 0.05, 0.2, 0.0, 7, 0.5), a -> { }),
                Duration.ofSeconds(30));
        assertEquals(5, model.generatedProperty().get());
        List<Artefact> structures = project.artefacts(ArtefactKind.STRUCTURE);
        assertEquals(3, structures.size());
        Artefact perturbed = structures.get(2);
        assertEquals(List.of(big.id()), perturbed.parents());
        List<Frame> frames = StructureFormats.require("extxyz").readAll(project.resolve(perturbed),
                ReadOptions.DEFAULT);
        assertEquals(5, frames.size());
        for (Frame f : frames) {
            assertEquals(200, f.structure().size());
        }
        // the structure shown is still the supercell
        assertEquals(200, model.structure().size());
    }

    @Test
    void aBadFileIsReportedInTheLogWithItsName(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("broken.cif");
        java.nio.file.Files.writeString(bad, "data_x\n_cell_length_a 5.0\n_cell_length_b oops\n");
        StructureModel model = new StructureModel(workbench);
        TestSupport.await(model.importFile(bad, a -> { }), Duration.ofSeconds(20));
        assertNull(model.structure());
        Workbench.LogEntry last = workbench.log().get(workbench.log().size() - 1);
        assertEquals(Workbench.Level.ERROR, last.level());
        assertTrue(last.text().startsWith("Cannot import broken.cif: "), last.text());
        assertTrue(last.text().contains("broken.cif:"), last.text());
    }
}
