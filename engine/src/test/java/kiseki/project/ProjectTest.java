package kiseki.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProjectTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path sourceFile(String fileName, String content) throws IOException {
        Path src = tmp.resolve("sources").resolve(fileName);
        Files.createDirectories(src.getParent());
        Files.writeString(src, content);
        return src;
    }

    private static JsonNode readJson(Path dir) throws IOException {
        return JSON.readTree(dir.resolve("project.json").toFile());
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    // ------------------------------------------------------------------------------------------------- create/open

    @Test
    void createMakesFoldersAndProjectJsonWithStableKeyOrder() throws IOException {
        Path dir = tmp.resolve("MyProject");
        Project p = Project.create(dir, "My project");

        assertEquals("My project", p.name());
        assertEquals(dir.toAbsolutePath().normalize(), p.dir());
        assertEquals(1, p.schemaVersion());
        assertTrue(p.artefacts().isEmpty());
        for (String sub : List.of("structures", "datasets", "potentials", "jobs", "md-runs", "analyses")) {
            assertTrue(Files.isDirectory(dir.resolve(sub)), sub);
        }
        JsonNode root = readJson(dir);
        assertEquals(List.of("schemaVersion", "name", "id", "created", "modified", "artefacts"), keys(root));
        assertEquals(1, root.get("schemaVersion").intValue());
        assertEquals("My project", root.get("name").textValue());
        assertTrue(root.get("id").textValue().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        assertEquals(p.created(), Instant.parse(root.get("created").textValue()));
        assertTrue(root.get("created").textValue().endsWith("Z"));
        assertTrue(root.get("artefacts").isArray() && root.get("artefacts").isEmpty());

        String text = Files.readString(dir.resolve("project.json"));
        assertTrue(text.startsWith("{\n  \"schemaVersion\": 1,\n  \"name\": \"My project\",\n"), text);
        assertTrue(text.endsWith("  \"artefacts\": []\n}\n"), text);

        Project reopened = Project.open(dir);
        assertEquals("My project", reopened.name());
        assertEquals(p.id(), reopened.id());
        assertEquals(p.created(), reopened.created());
    }

    @Test
    void createRefusesAnExistingProjectANonEmptyFolderAndAFile() throws IOException {
        Path dir = tmp.resolve("P");
        Project.create(dir, "P");
        ProjectException again = assertThrows(ProjectException.class, () -> Project.create(dir, "Q"));
        assertTrue(again.getMessage().contains("already a Kiseki project"), again.getMessage());
        assertEquals("P", Project.open(dir).name(), "the existing project is untouched");

        Path busy = tmp.resolve("Busy");
        Files.createDirectories(busy);
        Files.writeString(busy.resolve("notes.txt"), "mine");
        ProjectException nonEmpty = assertThrows(ProjectException.class, () -> Project.create(busy, "B"));
        assertTrue(nonEmpty.getMessage().contains("not empty"), nonEmpty.getMessage());
        assertFalse(Files.exists(busy.resolve("project.json")));

        Path aFile = sourceFile("plain.txt", "x");
        ProjectException file = assertThrows(ProjectException.class, () -> Project.create(aFile, "F"));
        assertTrue(file.getMessage().contains("is a file"), file.getMessage());

        Path empty = tmp.resolve("Empty");
        Files.createDirectories(empty);
        assertEquals("E", Project.create(empty, "E").name(), "an existing empty folder is fine");

        assertThrows(IllegalArgumentException.class, () -> Project.create(tmp.resolve("blank"), "  "));
    }

    @Test
    void openRefusesAFolderWithoutProject() throws IOException {
        ProjectException missing = assertThrows(ProjectException.class, () -> Project.open(tmp.resolve("nowhere")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Path dir = Files.createDirectories(tmp.resolve("plain"));
        ProjectException noJson = assertThrows(ProjectException.class, () -> Project.open(dir));
        assertTrue(noJson.getMessage().contains("project.json") && noJson.getMessage().contains("not a Kiseki project"),
                noJson.getMessage());
    }

    // ---------------------------------------------------------------------------------------------- add/register

    @Test
    void addFileCopiesRecordsAndSurvivesReopen() throws IOException {
        Path dir = tmp.resolve("P");
        Project p = Project.create(dir, "P");
        Path cif = sourceFile("LGPS_mp-696128.cif", "data_LGPS\n_cell_length_a 8.7\n");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("source", "Materials Project");
        params.put("mpId", "mp-696128");
        params.put("supercell", List.of(2, 2, 1));
        params.put("cutoff", 5.5);
        params.put("steps", 1000L);
        params.put("options", Map.of("order", true));
        params.put("comment", null);

        Artefact a = p.addFile(ArtefactKind.STRUCTURE, cif, "LGPS", params, null);

        assertTrue(a.id().matches("structure-[0-9a-f]{8}"), a.id());
        assertEquals(ArtefactKind.STRUCTURE, a.kind());
        assertEquals("LGPS", a.name());
        assertEquals("structures/LGPS.cif", a.path());
        assertEquals(List.of(), a.parents());
        assertEquals(List.of(2, 2, 1), a.parameters().get("supercell"));
        assertEquals(1000, a.parameters().get("steps"));
        assertEquals(5.5, a.parameters().get("cutoff"));
        assertEquals(Map.of("order", true), a.parameters().get("options"));
        assertTrue(a.parameters().containsKey("comment"));
        assertThrows(UnsupportedOperationException.class, () -> a.parameters().put("x", 1));
        assertEquals(dir.toAbsolutePath().normalize().resolve("structures/LGPS.cif"), p.resolve(a));
        assertEquals(Files.readString(cif), Files.readString(p.resolve(a)));
        assertEquals(Files.readString(cif), Files.readString(dir.resolve("structures").resolve("LGPS.cif")));
        assertEquals(a, p.artefact(a.id()).orElseThrow());

        Project reopened = Project.open(dir);
        assertEquals(p.artefacts(), reopened.artefacts(), "artefacts read back equal, parameters included");

        // Without a name: the source's name without its extension.
        Artefact unnamed = p.addFile(ArtefactKind.STRUCTURE, cif, null, null, null);
        assertEquals("LGPS_mp-696128", unnamed.name());
        assertEquals("structures/LGPS_mp-696128.cif", unnamed.path());
    }

    @Test
    void artefactJsonLayoutAndKindNames() throws IOException {
        Path dir = tmp.resolve("P");
        Project p = Project.create(dir, "P");
        Path src = sourceFile("data.txt", "x");
        List<Artefact> added = new ArrayList<>();
        for (ArtefactKind kind : ArtefactKind.values()) {
            added.add(p.addFile(kind, src, "thing", Map.of("k", 1), added.isEmpty() ? null
                    : List.of(added.get(added.size() - 1).id())));
        }
        JsonNode list = readJson(dir).get("artefacts");
        assertEquals(6, list.size());
        List<String> expectedKinds = List.of("structure", "dataset", "potential", "job", "md-run", "analysis");
        List<String> expectedFolders = List.of("structures", "datasets", "potentials", "jobs", "md-runs", "analyses");
        for (int i = 0; i < 6; i++) {
            JsonNode node = list.get(i);
            assertEquals(List.of("id", "kind", "name", "path", "parameters", "parents", "created"), keys(node));
            assertEquals(expectedKinds.get(i), node.get("kind").textValue());
            assertEquals(added.get(i).id(), node.get("id").textValue());
            assertTrue(node.get("id").textValue().startsWith(expectedKinds.get(i) + "-"));
            assertEquals(expectedFolders.get(i) + "/thing.txt", node.get("path").textValue());
            assertEquals(1, node.get("parameters").get("k").intValue());
            assertEquals(i == 0 ? 0 : 1, node.get("parents").size());
            Instant.parse(node.get("created").textValue());
            assertEquals(expectedKinds.get(i), ArtefactKind.values()[i].jsonName());
            assertEquals(ArtefactKind.values()[i], ArtefactKind.fromJsonName(expectedKinds.get(i)).orElseThrow());
        }
        assertEquals(List.of(added.get(4)), p.artefacts(ArtefactKind.MD_RUN));
    }

    @Test
    void duplicateNamesGetNumberedFileNames() throws IOException {
        Project p = Project.create(tmp.resolve("P"), "P");
        Path cif = sourceFile("x.cif", "data_x\n");
        Artefact first = p.addFile(ArtefactKind.STRUCTURE, cif, "LGPS", null, null);
        Artefact second = p.addFile(ArtefactKind.STRUCTURE, cif, "LGPS", null, null);
        // A file the user put there by hand is not overwritten either.
        Files.writeString(p.dir().resolve("structures/LGPS-3.cif"), "hand-made");
        Artefact fourth = p.addFile(ArtefactKind.STRUCTURE, cif, "LGPS", null, null);

        assertEquals("structures/LGPS.cif", first.path());
        assertEquals("structures/LGPS-2.cif", second.path());
        assertEquals("structures/LGPS-4.cif", fourth.path());
        assertEquals("hand-made", Files.readString(p.dir().resolve("structures/LGPS-3.cif")));
        assertEquals(3, p.artefacts().size());
        assertEquals(3, p.artefacts().stream().map(Artefact::id).distinct().count(), "ids are unique");
        assertEquals("LGPS", second.name(), "the display name stays as given");

        // Names that are not portable file names are made safe; compressed extensions stay whole.
        Path gz = sourceFile("train.extxyz.gz", "z");
        Artefact odd = p.addFile(ArtefactKind.DATASET, gz, "../a:b*c?", null, null);
        assertEquals("datasets/a-b-c.extxyz.gz", odd.path());
        Artefact spaced = p.addFile(ArtefactKind.DATASET, gz, "Si64 (2x2x2) & more", null, null);
        assertEquals("datasets/Si64-2x2x2-more.extxyz.gz", spaced.path(), "typed in a shell without quoting");
        assertEquals("../a:b*c?", odd.name());
        Artefact reserved = p.addFile(ArtefactKind.DATASET, gz, "CON", null, null);
        assertEquals("datasets/CON_.extxyz.gz", reserved.path());
    }

    @Test
    void addFileValidatesItsArguments() throws IOException {
        Project p = Project.create(tmp.resolve("P"), "P");
        Path cif = sourceFile("x.cif", "data_x\n");
        assertThrows(NoSuchFileException.class,
                () -> p.addFile(ArtefactKind.STRUCTURE, tmp.resolve("missing.cif"), "m", null, null));
        IllegalArgumentException parent = assertThrows(IllegalArgumentException.class,
                () -> p.addFile(ArtefactKind.STRUCTURE, cif, "x", null, List.of("structure-00000000")));
        assertTrue(parent.getMessage().contains("structure-00000000"), parent.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> p.addFile(ArtefactKind.STRUCTURE, cif, "x", Map.of("bad", Double.NaN), null));
        assertThrows(IllegalArgumentException.class,
                () -> p.addFile(ArtefactKind.STRUCTURE, cif, "x", Map.of("bad", new Object()), null));
        assertTrue(p.artefacts().isEmpty());
        try (Stream<Path> files = Files.list(p.dir().resolve("structures"))) {
            assertEquals(0, files.count(), "nothing copied for refused adds");
        }
    }

    @Test
    void registerRecordsFilesTheEngineWrote() throws IOException {
        Project p = Project.create(tmp.resolve("P"), "P");
        Artefact s = p.addFile(ArtefactKind.STRUCTURE, sourceFile("s.cif", "x"), "S", null, null);
        Files.createDirectories(p.dir().resolve("md-runs/run-1"));
        Files.writeString(p.dir().resolve("md-runs/run-1/traj.extxyz"), "frames");

        Artefact run = p.register(ArtefactKind.MD_RUN, "md-runs/run-1/", "NVT 600 K",
                Map.of("temperatureK", 600, "timestepFs", 1.0), List.of(s.id()));
        assertEquals("md-runs/run-1", run.path());
        assertTrue(run.id().matches("md-run-[0-9a-f]{8}"), run.id());
        assertEquals(List.of(s.id()), run.parents());
        assertEquals(run, Project.open(p.dir()).artefact(run.id()).orElseThrow());

        assertThrows(IllegalArgumentException.class,
                () -> p.register(ArtefactKind.MD_RUN, "md-runs/run-1/traj.extxyz", "inside", null, null));
        assertThrows(IllegalArgumentException.class, () -> p.register(ArtefactKind.MD_RUN, "md-runs", "all", null, null));
        for (String bad : List.of("../outside.txt", "/etc/passwd", "md-runs/../../x", "C:/x", "md-runs\\x",
                "project.json", "", "a//b", "./a")) {
            assertThrows(IllegalArgumentException.class, () -> p.register(ArtefactKind.JOB, bad, "bad", null, null),
                    bad);
        }
        assertThrows(NoSuchFileException.class, () -> p.register(ArtefactKind.JOB, "jobs/not-yet", "later", null, null));
        assertEquals(2, p.artefacts().size());
    }

    // -------------------------------------------------------------------------------------------- provenance graph

    @Test
    void lineageIsNearestFirstAndChildrenAreDirect() throws IOException {
        Project p = Project.create(tmp.resolve("P"), "P");
        Path f = sourceFile("f.txt", "x");
        Artefact s1 = p.addFile(ArtefactKind.STRUCTURE, f, "LGPS", null, null);
        Artefact s2 = p.addFile(ArtefactKind.STRUCTURE, f, "Li3PS4", null, null);
        Artefact data = p.addFile(ArtefactKind.DATASET, f, "DFT set", null, List.of(s1.id(), s2.id()));
        Artefact pot = p.addFile(ArtefactKind.POTENTIAL, f, "MACE", Map.of("rMax", 5.0), List.of(data.id()));
        Artefact md = p.addFile(ArtefactKind.MD_RUN, f, "NVT", null, List.of(pot.id(), s1.id()));
        Artefact msd = p.addFile(ArtefactKind.ANALYSIS, f, "MSD", null, List.of(md.id(), md.id()));

        assertEquals(List.of(md.id()), msd.parents(), "a repeated parent is recorded once");
        // Distance 1: md; 2: pot, s1; 3: data (s1 already seen); 4: s2.
        assertEquals(List.of(md, pot, s1, data, s2), p.lineage(msd.id()));
        assertEquals(List.of(), p.lineage(s1.id()));
        assertEquals(List.of(data, md), p.children(s1.id()));
        assertEquals(List.of(msd), p.children(md.id()));
        assertEquals(List.of(), p.children(msd.id()));

        Project reopened = Project.open(p.dir());
        assertEquals(List.of(md, pot, s1, data, s2), reopened.lineage(msd.id()));
        assertThrows(IllegalArgumentException.class, () -> p.lineage("nope"));
    }

    @Test
    void removeRefusesParentsAndDeletesFiles() throws IOException {
        Project p = Project.create(tmp.resolve("P"), "P");
        Path f = sourceFile("f.cif", "x");
        Artefact s = p.addFile(ArtefactKind.STRUCTURE, f, "LGPS", null, null);
        Artefact d1 = p.addFile(ArtefactKind.DATASET, f, "set A", null, List.of(s.id()));
        Artefact d2 = p.addFile(ArtefactKind.DATASET, f, "set B", null, List.of(s.id()));

        ProjectException refused = assertThrows(ProjectException.class, () -> p.remove(s.id()));
        assertTrue(refused.getMessage().contains("'set A' (" + d1.id() + ")"), refused.getMessage());
        assertTrue(refused.getMessage().contains("'set B' (" + d2.id() + ")"), refused.getMessage());
        assertTrue(refused.getMessage().contains("'LGPS'"), refused.getMessage());
        assertEquals(3, p.artefacts().size());

        p.remove(d1.id());
        assertFalse(Files.exists(p.dir().resolve(d1.path())));
        assertEquals(List.of(s, d2), p.artefacts());
        p.remove(d2.id());
        p.remove(s.id());
        assertFalse(Files.exists(p.dir().resolve(s.path())));
        assertTrue(Project.open(p.dir()).artefacts().isEmpty());

        // A registered folder is deleted with its content.
        Files.createDirectories(p.dir().resolve("jobs/train-1/checkpoints"));
        Files.writeString(p.dir().resolve("jobs/train-1/checkpoints/epoch-1.pt"), "w");
        Artefact job = p.register(ArtefactKind.JOB, "jobs/train-1", "train", null, null);
        p.remove(job.id());
        assertFalse(Files.exists(p.dir().resolve("jobs/train-1")));
        assertTrue(Files.isDirectory(p.dir().resolve("jobs")));
        assertThrows(IllegalArgumentException.class, () -> p.remove(job.id()));
    }

    // -------------------------------------------------------------------------------------------- bad project.json

    private Path projectWithJson(String json) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("Bad"));
        Files.writeString(dir.resolve("project.json"), json);
        return dir;
    }

    private static String artefactJson(String path) {
        return """
                {"schemaVersion": 1, "name": "P", "id": "u", "created": "2026-01-01T00:00:00Z",
                 "modified": "2026-01-01T00:00:00Z",
                 "artefacts": [{"id": "structure-1", "kind": "structure", "name": "LGPS", "path": %s,
                                "parameters": {}, "parents": [], "created": "2026-01-01T00:00:00Z"}]}
                """.formatted(JSON.valueToTree(path).toString());
    }

    @Test
    void newerSchemaIsRefusedClearly() throws IOException {
        Path dir = projectWithJson("""
                {"schemaVersion": 7, "name": "P", "future": {"shape": "unknown"}}
                """);
        ProjectException e = assertThrows(ProjectException.class, () -> Project.open(dir));
        assertEquals(dir.toAbsolutePath().normalize().resolve("project.json")
                + " was written by a newer Kiseki (schema 7; this version reads up to 1). Update Kiseki to open it.",
                e.getMessage());
    }

    @Test
    void malformedJsonNamesFileLineAndColumn() throws IOException {
        Path dir = projectWithJson("{\n  \"schemaVersion\": 1,\n  \"name\": \"P\"\n  \"id\": \"x\"\n}\n");
        ProjectException e = assertThrows(ProjectException.class, () -> Project.open(dir));
        String file = dir.toAbsolutePath().normalize().resolve("project.json").toString();
        assertTrue(e.getMessage().startsWith(file + ":4:3: malformed JSON"), e.getMessage());

        Files.writeString(dir.resolve("project.json"), "{\n  \"schemaVersion\": 1,\n  \"name\": \"P");
        ProjectException truncated = assertThrows(ProjectException.class, () -> Project.open(dir));
        assertTrue(truncated.getMessage().startsWith(file + ":3:"), truncated.getMessage());

        Files.writeString(dir.resolve("project.json"), "");
        ProjectException empty = assertThrows(ProjectException.class, () -> Project.open(dir));
        assertEquals(file + " is empty (expected a JSON object describing the project)", empty.getMessage());

        Files.writeString(dir.resolve("project.json"), "[1, 2]");
        ProjectException array = assertThrows(ProjectException.class, () -> Project.open(dir));
        assertTrue(array.getMessage().contains("expected a JSON object"), array.getMessage());

        Files.writeString(dir.resolve("project.json"), "{\"schemaVersion\": 1, \"name\": \"a\", \"name\": \"b\"}");
        ProjectException duplicate = assertThrows(ProjectException.class, () -> Project.open(dir));
        assertTrue(duplicate.getMessage().contains("Duplicate field 'name'"), duplicate.getMessage());

        Files.write(dir.resolve("project.json"), new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
        ProjectException binary = assertThrows(ProjectException.class, () -> Project.open(dir));
        assertTrue(binary.getMessage().startsWith(file), binary.getMessage());
    }

    @Test
    void missingOrWrongFieldsAreNamed() throws IOException {
        String good = artefactJson("structures/LGPS.cif");
        Path dir = projectWithJson(good);
        assertEquals(1, Project.open(dir).artefacts().size());

        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(good.replace("\"schemaVersion\": 1, ", ""), "required field \"schemaVersion\" is missing");
        cases.put(good.replace("\"schemaVersion\": 1", "\"schemaVersion\": \"1\""), "\"schemaVersion\" must be a whole number");
        cases.put(good.replace("\"schemaVersion\": 1", "\"schemaVersion\": 0"), "\"schemaVersion\" must be 1 or more");
        cases.put(good.replace("\"name\": \"P\", ", ""), "required field \"name\" of the project is missing");
        cases.put(good.replace("\"created\": \"2026-01-01T00:00:00Z\",\n", "\n"),
                "required field \"created\" of the project is missing");
        cases.put(good.replace(",\n \"artefacts\": [{", ", \"x\": [{"), "required field \"artefacts\" is missing");
        cases.put(good.replace("\"path\": \"structures/LGPS.cif\",", ""),
                "required field \"path\" of artefact #1 (structure-1) is missing");
        cases.put(good.replace("\"kind\": \"structure\"", "\"kind\": \"crystal\""),
                "artefact #1 (structure-1) has unknown kind 'crystal' (known: structure, dataset, potential, job, "
                        + "md-run, analysis)");
        cases.put(good.replace("\"parents\": []", "\"parents\": [\"dataset-9\"]"),
                "names parent 'dataset-9', which is not in the project");
        cases.put(good.replace("\"parameters\": {}", "\"parameters\": [1]"), "\"parameters\" must be a JSON object");
        cases.put(good.replace("\"modified\": \"2026-01-01T00:00:00Z\"", "\"modified\": \"yesterday\""),
                "\"modified\" of the project is 'yesterday', not a UTC time");
        cases.put(good.replace("\"name\": \"LGPS\"", "\"name\": 42"), "\"name\" of artefact #1 (structure-1) must be "
                + "non-empty text, found the number 42");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Files.writeString(dir.resolve("project.json"), c.getKey());
            ProjectException e = assertThrows(ProjectException.class, () -> Project.open(dir), c.getValue());
            assertTrue(e.getMessage().contains(c.getValue()), e.getMessage());
            assertTrue(e.getMessage().contains("project.json"), e.getMessage());
        }
    }

    @Test
    void pathsLeavingTheProjectAreRejectedOnOpen() throws IOException {
        Path dir = projectWithJson(artefactJson("structures/LGPS.cif"));
        for (String bad : List.of("../secret.cif", "structures/../../secret.cif", "/etc/passwd", "C:/Windows/x.cif",
                "structures\\..\\..\\x.cif", "", "structures//x.cif")) {
            Files.writeString(dir.resolve("project.json"), artefactJson(bad));
            ProjectException e = assertThrows(ProjectException.class, () -> Project.open(dir), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'") || bad.isEmpty(), e.getMessage());
            assertTrue(e.getMessage().contains("must stay inside the project folder")
                    || e.getMessage().contains("must be non-empty text"), e.getMessage());
        }
    }

    @Test
    void unknownFieldsAreKeptThroughASave() throws IOException {
        String json = artefactJson("structures/LGPS.cif")
                .replace("\"name\": \"P\",", "\"name\": \"P\", \"futureSetting\": {\"a\": [1, 2]},")
                .replace("\"kind\": \"structure\",", "\"kind\": \"structure\", \"checksum\": \"sha256:00ff\",");
        Path dir = projectWithJson(json);
        Files.createDirectories(dir.resolve("structures"));
        Project p = Project.open(dir);
        p.addFile(ArtefactKind.STRUCTURE, sourceFile("y.cif", "y"), "Y", null, null);

        JsonNode root = readJson(dir);
        assertEquals(List.of("schemaVersion", "name", "id", "created", "modified", "artefacts", "futureSetting"),
                keys(root));
        assertEquals(2, root.get("futureSetting").get("a").get(1).intValue());
        JsonNode first = root.get("artefacts").get(0);
        assertEquals("sha256:00ff", first.get("checksum").textValue());
        assertEquals("created", keys(first).get(6));
        assertFalse(root.get("artefacts").get(1).has("checksum"));
        assertEquals(p.modified(), Instant.parse(root.get("modified").textValue()), "modified is updated on save");
    }

    // --------------------------------------------------------------------------------------- crash and concurrency

    @Test
    void openIgnoresAndCleansTemporariesACrashLeftBehind() throws IOException {
        Path dir = tmp.resolve("P");
        Project p = Project.create(dir, "P");
        Artefact s = p.addFile(ArtefactKind.STRUCTURE, sourceFile("s.cif", "x"), "S", null, null);
        String good = Files.readString(dir.resolve("project.json"));

        // As a process killed during AtomicFiles.write leaves them: one complete temp never renamed, one torn.
        Path stray = dir.resolve(".project.json.8812734.tmp");
        Files.writeString(stray, good.replace("\"S\"", "\"never committed\""));
        Path torn = dir.resolve(".project.json.55501.tmp");
        Files.writeString(torn, good.substring(0, good.length() / 2));
        Path emptyTemp = dir.resolve(".project.json.3.tmp");
        Files.write(emptyTemp, new byte[0]);
        // A copy interrupted long ago, and one that may still be running in another process.
        Path oldCopy = dir.resolve("structures/.LGPS.cif.424242.tmp");
        Files.writeString(oldCopy, "partial");
        Files.setLastModifiedTime(oldCopy, FileTime.from(Instant.now().minusSeconds(3600)));
        Path freshCopy = dir.resolve("structures/.Other.cif.777.tmp");
        Files.writeString(freshCopy, "partial");
        Path userFile = dir.resolve("notes.tmp");
        Files.writeString(userFile, "mine");

        Project reopened = Project.open(dir);
        assertEquals(List.of(s), reopened.artefacts());
        assertEquals("S", reopened.artefacts().get(0).name());
        assertFalse(Files.exists(stray));
        assertFalse(Files.exists(torn));
        assertFalse(Files.exists(emptyTemp));
        assertFalse(Files.exists(oldCopy));
        assertTrue(Files.exists(freshCopy), "a young copy temporary may belong to a running writer");
        assertTrue(Files.exists(userFile), "files that are not Kiseki temporaries are left alone");
        assertEquals(good, Files.readString(dir.resolve("project.json")), "open does not rewrite project.json");
    }

    @Test
    void concurrentAddsFromSeveralThreadsAreAllRecorded() throws Exception {
        Project p = Project.create(tmp.resolve("P"), "P");
        Path f = sourceFile("f.cif", "x");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Artefact>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                futures.add(pool.submit(() -> p.addFile(ArtefactKind.STRUCTURE, f, "same", null, null)));
            }
            for (Future<Artefact> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(40, p.artefacts().size());
        assertEquals(40, p.artefacts().stream().map(Artefact::path).distinct().count());
        assertEquals(p.artefacts(), Project.open(p.dir()).artefacts());
        try (Stream<Path> files = Files.list(p.dir().resolve("structures"))) {
            assertEquals(40, files.count());
        }
    }

    @Test
    void savedFileIsUtf8AndKeepsNonAsciiNames() throws IOException {
        Project p = Project.create(tmp.resolve("P"), "Li₁₀GeP₂S₁₂ 研究");
        Artefact a = p.addFile(ArtefactKind.STRUCTURE, sourceFile("x.cif", "x"), "Li₁₀GeP₂S₁₂", null, null);
        assertEquals("structures/Li₁₀GeP₂S₁₂.cif", a.path());
        String text = new String(Files.readAllBytes(p.dir().resolve("project.json")), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"name\": \"Li₁₀GeP₂S₁₂ 研究\""), text);
        assertEquals("Li₁₀GeP₂S₁₂ 研究", Project.open(p.dir()).name());
        ObjectNode root = (ObjectNode) readJson(p.dir());
        assertEquals("Li₁₀GeP₂S₁₂", root.get("artefacts").get(0).get("name").textValue());
    }
}
