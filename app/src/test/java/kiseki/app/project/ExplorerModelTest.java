package kiseki.app.project;

import kiseki.app.TestSupport;
import kiseki.app.Workbench;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The explorer's view-model without a screen: groups, provenance text, removal that keeps provenance whole. */
class ExplorerModelTest {

    private final Workbench workbench = TestSupport.headlessWorkbench("en");

    @AfterEach
    void close() {
        workbench.close();
    }

    @Test
    void groupsProvenanceAndRemoval(@TempDir Path tmp) throws Exception {
        TestSupport.await(workbench.newProject(tmp.resolve("p"), "p", p -> { }), Duration.ofSeconds(20));
        Project p = workbench.project();
        Path a = Files.writeString(tmp.resolve("a.xyz"), "1\n\nH 0 0 0\n");
        Artefact parent = p.addFile(ArtefactKind.STRUCTURE, a, "parent", null, null);
        Artefact child = p.addFile(ArtefactKind.STRUCTURE, a, "child", java.util.Map.of("supercell", "2x2x1"),
                List.of(parent.id()));
        ExplorerModel model = new ExplorerModel(workbench);
        assertEquals("Structures (2)", model.groups().get(0).label());
        assertEquals(6, model.groups().size());
        String text = model.provenance(child);
        assertTrue(text.contains("Made from: parent (structure)"), text);
        assertTrue(text.contains("supercell = 2x2x1"), text);
        assertTrue(model.provenance(parent).contains("Used by: child (structure)"));

        // the parent cannot go while the child exists: refused with the child's name, nothing deleted
        TestSupport.await(model.remove(parent), Duration.ofSeconds(20));
        assertTrue(p.artefact(parent.id()).isPresent());
        Workbench.LogEntry refused = workbench.log().get(workbench.log().size() - 1);
        assertEquals(Workbench.Level.ERROR, refused.level());
        assertTrue(refused.text().startsWith("Cannot remove parent") && refused.text().contains("child"),
                refused.text());

        TestSupport.await(model.remove(child), Duration.ofSeconds(20));
        assertFalse(p.artefact(child.id()).isPresent());
        assertFalse(Files.exists(p.dir().resolve(child.path())));
        assertEquals("Structures (1)", model.groups().get(0).label());
    }
}
