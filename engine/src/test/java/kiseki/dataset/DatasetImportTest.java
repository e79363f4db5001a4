package kiseki.dataset;

import kiseki.io.FormatException;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import kiseki.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetImportTest {

    @TempDir
    Path tmp;

    private static final int LINES_PER_FRAME = 52;

    /** The first {@code frames} frames of the LGPS set, as lines. */
    private static List<String> lgpsLines(int frames) throws IOException {
        Path source = SharedData.require("data/lgps/lgps_init_590.extxyz");
        try (Stream<String> lines = Files.lines(source)) {
            return new ArrayList<>(lines.limit((long) frames * LINES_PER_FRAME).toList());
        }
    }

    /** Drops the force columns of one frame (1-based), keeping it valid extended XYZ. */
    private static void dropForces(List<String> lines, int frame) {
        int first = (frame - 1) * LINES_PER_FRAME;
        lines.set(first + 1, lines.get(first + 1).replace(":forces:R:3", ""));
        for (int i = first + 2; i < first + LINES_PER_FRAME; i++) {
            String[] t = lines.get(i).trim().split("\\s+");
            lines.set(i, String.join(" ", t[0], t[1], t[2], t[3]));
        }
    }

    private List<Path> datasetFiles(Project project) throws IOException {
        Path folder = project.dir().resolve("datasets");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    @Test
    void lgpsImportsWithItsParameters() throws IOException {
        Path source = SharedData.require("data/lgps/lgps_init_590.extxyz");
        Project project = Project.create(tmp.resolve("proj"), "LGPS");
        Artefact a = DatasetImport.importInto(project, source, "LGPS initial");
        assertEquals(ArtefactKind.DATASET, a.kind());
        assertEquals("LGPS initial", a.name());
        assertTrue(a.path().startsWith("datasets/") && a.path().endsWith(".extxyz"), a.path());
        assertEquals(590, ((Number) a.parameter("frames")).intValue());
        assertEquals(29_500L, ((Number) a.parameter("atoms")).longValue());
        assertEquals(List.of("Li", "Ge", "P", "S"), a.parameter("elements"));
        assertEquals(source.toAbsolutePath().normalize().toString(), a.parameter("source"));
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(project.resolve(a)));
        // recorded in project.json: a reopened project has it
        Artefact reopened = Project.open(project.dir()).artefact(a.id()).orElseThrow();
        assertEquals(590, ((Number) reopened.parameter("frames")).intValue());
    }

    @Test
    void aFrameWithoutForcesIsNamedWithItsLine() throws IOException {
        List<String> lines = lgpsLines(5);
        dropForces(lines, 3);
        Path source = tmp.resolve("bad.extxyz");
        Files.write(source, lines);
        Project project = Project.create(tmp.resolve("proj"), "P");

        DatasetProblems e = assertThrows(DatasetProblems.class,
                () -> DatasetImport.importInto(project, source, null));
        int line = 2 * LINES_PER_FRAME + 1;
        assertEquals(source + ":" + line + ": frame 3 has no forces (a training frame needs its DFT forces); nothing "
                + "was imported", e.getMessage());
        assertEquals(line, e.line());
        assertEquals(List.of(new DatasetProblems.Problem(3, line, "has no forces (a training frame needs its DFT "
                + "forces)")), e.problems());
        assertEquals(List.of(), datasetFiles(project), "nothing copied");
        assertEquals(List.of(), project.artefacts(), "nothing recorded");
    }

    @Test
    void severalProblemsAreListed() throws IOException {
        List<String> lines = lgpsLines(6);
        dropForces(lines, 2);
        lines.set(4 * LINES_PER_FRAME + 1, lines.get(4 * LINES_PER_FRAME + 1).replaceFirst(" energy=\\S+", ""));
        Path source = tmp.resolve("bad.extxyz");
        Files.write(source, lines);
        DatasetProblems e = assertThrows(DatasetProblems.class, () -> DatasetImport.validate(source));
        assertEquals(2, e.total());
        assertEquals(53, e.line(), "the first problem's line");
        assertTrue(e.getMessage().contains("2 frames cannot be used as training data: frame 2 (line 53) has no forces"),
                e.getMessage());
        assertTrue(e.getMessage().contains("frame 5 (line 209) has no energy"), e.getMessage());
    }

    @Test
    void unreadableFramesAreFormatErrors() throws IOException {
        List<String> lines = lgpsLines(4);
        lines.set(3 * LINES_PER_FRAME + 10, "Li 1.0 2.0");
        Path source = tmp.resolve("garbled.extxyz");
        Files.write(source, lines);
        FormatException e = assertThrows(FormatException.class, () -> DatasetImport.validate(source));
        assertEquals(3 * LINES_PER_FRAME + 11, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("frame 4"), e.getMessage());

        // a problem before the unreadable frame is reported together with it
        dropForces(lines, 1);
        Files.write(source, lines);
        DatasetProblems both = assertThrows(DatasetProblems.class, () -> DatasetImport.validate(source));
        assertEquals(2, both.total());
        assertEquals(1, both.line());
        assertEquals(4, both.problems().get(1).frame());
        assertEquals(3 * LINES_PER_FRAME + 11, both.problems().get(1).line());

        Path empty = tmp.resolve("empty.extxyz");
        Files.writeString(empty, "");
        assertTrue(assertThrows(FormatException.class, () -> DatasetImport.validate(empty)).getMessage()
                .contains("holds no frames"));
        Project project = Project.create(tmp.resolve("proj"), "P");
        assertThrows(NoSuchFileException.class,
                () -> DatasetImport.importInto(project, tmp.resolve("missing.extxyz"), null));
    }

    @Test
    void emptyFramesAndNonFiniteLabels() throws IOException {
        Path source = tmp.resolve("odd.extxyz");
        Files.writeString(source, """
                1
                Properties=species:S:1:pos:R:3:forces:R:3 energy=-1.0
                H 0 0 0 0.1 0 0
                0
                Properties=species:S:1:pos:R:3:forces:R:3 energy=0.0
                """);
        DatasetProblems e = assertThrows(DatasetProblems.class, () -> DatasetImport.validate(source));
        assertEquals(List.of(new DatasetProblems.Problem(2, 4, "has no atoms")), e.problems());

        Files.writeString(source, """
                1
                Properties=species:S:1:pos:R:3:forces:R:3 energy=-1.0
                H 0 0 0 0.1 0 0
                """);
        DatasetImport.Summary ok = DatasetImport.validate(source);
        assertEquals(new DatasetImport.Summary(1, 1, List.of("H")), ok);
    }
}
