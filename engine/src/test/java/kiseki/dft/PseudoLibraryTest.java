package kiseki.dft;

import kiseki.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PseudoLibraryTest {

    @TempDir
    Path tmp;

    static Path sharedPseudoDir() {
        return SharedData.require("pseudo/Si.pz-vbc.UPF").getParent();
    }

    // ---------------------------------------------------------------------------------------------- library

    @Test
    void scansTheSharedFolder() {
        PseudoLibrary lib = PseudoLibrary.scan(List.of(sharedPseudoDir()));
        assertEquals(List.of(), lib.problems());
        assertEquals(List.of("Ge.pbe-dn-rrkjus_psl.1.0.0.UPF", "Li.pbe-s-rrkjus_psl.1.0.0.UPF",
                "P.pbe-n-rrkjus_psl.1.0.0.UPF", "S.pbe-n-rrkjus_psl.1.0.0.UPF", "Si.pz-vbc.UPF"),
                lib.pseudopotentials().stream().map(Upf::fileName).toList(), "sorted by element");
        assertEquals(List.of("Ge", "Li", "P", "S", "Si"), lib.elements());
        assertEquals(1, lib.forElement("li").size());
        assertEquals(List.of(), lib.forElement("Cu"));
    }

    @Test
    void badFilesAreReportedNotFatal() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("pp"));
        Files.writeString(dir.resolve("Si.lower.upf"), UpfTest.V1_SI);
        Files.writeString(dir.resolve("Ni.Mixed.Upf"), UpfTest.V1_US);
        Files.writeString(dir.resolve("broken.UPF"), "<UPF version=\"2.0.1\">\n<PP_HEADER element=\"Zz\"/>\n");
        Files.writeString(dir.resolve("notes.txt"), "not a pseudopotential");
        Path sub = Files.createDirectories(dir.resolve("more"));
        Files.writeString(sub.resolve("Si.deep.UPF"), UpfTest.V1_SI);

        PseudoLibrary flat = PseudoLibrary.scan(List.of(dir, tmp.resolve("nowhere")));
        assertEquals(List.of("Ni.Mixed.Upf", "Si.lower.upf"),
                flat.pseudopotentials().stream().map(Upf::fileName).toList());
        assertEquals(2, flat.problems().size(), flat.problems().toString());
        assertTrue(flat.problems().get(0).startsWith(tmp.resolve("nowhere") + ": no such folder"),
                flat.problems().toString());
        assertTrue(flat.problems().get(1).startsWith(dir.resolve("broken.UPF").toAbsolutePath() + ":2: element 'Zz'"),
                flat.problems().toString());

        PseudoLibrary deep = PseudoLibrary.scan(List.of(dir), true);
        assertEquals(List.of("Ni.Mixed.Upf", "Si.deep.UPF", "Si.lower.upf"),
                deep.pseudopotentials().stream().map(Upf::fileName).toList());
        // overlapping folders list a file once
        assertEquals(3, PseudoLibrary.scan(List.of(dir, sub, dir), true).pseudopotentials().size());
    }

    // ---------------------------------------------------------------------------------------------- assignment

    @Test
    void choosesTheLgpsSet() {
        PseudoLibrary lib = PseudoLibrary.scan(List.of(sharedPseudoDir()));
        PseudoAssignment a = PseudoAssignment.choose(lib, List.of("Li", "Ge", "P", "S"));
        assertEquals(List.of(), a.problems());
        assertTrue(a.isUsable());
        assertEquals(Map.of("Li", "Li.pbe-s-rrkjus_psl.1.0.0.UPF", "Ge", "Ge.pbe-dn-rrkjus_psl.1.0.0.UPF",
                "P", "P.pbe-n-rrkjus_psl.1.0.0.UPF", "S", "S.pbe-n-rrkjus_psl.1.0.0.UPF"), a.fileNames());
        assertEquals(List.of("Ge", "Li", "P", "S"), List.copyOf(a.fileNames().keySet()), "sorted for storage");
        assertEquals(List.of("Li", "Ge", "P", "S"), a.elements());
        assertEquals(sharedPseudoDir().toAbsolutePath().normalize(), a.pseudoDir().orElseThrow());
        assertTrue(a.anyAugmented());
        assertEquals(103.0, a.suggestedEcutwfc().getAsDouble(), "Li with its 1s semicore asks the most");
        assertEquals(410.0, a.suggestedEcutrho().getAsDouble());
        assertEquals(List.of("ecutwfc 40.0 Ry is below the 103.0 Ry that Li.pbe-s-rrkjus_psl.1.0.0.UPF suggests",
                "ecutwfc 40.0 Ry is below the 42.0 Ry that Ge.pbe-dn-rrkjus_psl.1.0.0.UPF suggests"),
                a.cutoffWarnings(40, 480));
    }

    @Test
    void missingElementsAndMixedFunctionalsAreProblems() {
        Path dir = sharedPseudoDir();
        PseudoLibrary lib = PseudoLibrary.scan(List.of(dir));
        PseudoAssignment a = PseudoAssignment.choose(lib, List.of("Li", "Si", "Cu"));
        assertEquals(List.of("Cu"), a.missing());
        assertEquals(List.of("no pseudopotential for Cu in " + dir,
                "Li.pbe-s-rrkjus_psl.1.0.0.UPF is PBE but Si.pz-vbc.UPF is PZ (LDA): all pseudopotentials must use"
                        + " one functional"), a.problems());
        assertFalse(a.isUsable());
        assertThrows(IllegalArgumentException.class, () -> PseudoAssignment.choose(lib, List.of("Xx")));
    }

    @Test
    void prefersOneFunctionalThenPslibrary() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("pp"));
        Path shared = sharedPseudoDir();
        // Li and S in PBE (pslibrary), plus an LDA Si and a PBE Si written here
        Files.copy(shared.resolve("Li.pbe-s-rrkjus_psl.1.0.0.UPF"), dir.resolve("Li.pbe-s-rrkjus_psl.1.0.0.UPF"));
        Files.writeString(dir.resolve("Si.pz-vbc.UPF"), UpfTest.V1_SI);
        Files.writeString(dir.resolve("A_Si.pbe.UPF"), UpfTest.V1_SI.replace(" SLA  PZ   NOGX NOGC   PZ",
                " SLA  PW   PBX  PBC    PBE"));
        Files.writeString(dir.resolve("Si.pbe-n-rrkjus_psl.1.0.0.UPF"), UpfTest.V1_SI.replace(
                " SLA  PZ   NOGX NOGC   PZ", " SLA  PW   PBX  PBC    PBE").replace("   NC    ", "   US    "));
        PseudoLibrary lib = PseudoLibrary.scan(List.of(dir));
        PseudoAssignment a = PseudoAssignment.choose(lib, List.of("Si", "Li"));
        assertEquals("Si.pbe-n-rrkjus_psl.1.0.0.UPF", a.get("Si").orElseThrow().fileName(),
                "PBE like Li, and pslibrary before A_Si.pbe.UPF although that sorts first");
        assertEquals(List.of(), a.problems());
        // alone, Si has three candidates: two PBE beat one PZ
        assertEquals("PBE", PseudoAssignment.choose(lib, Set.of("Si")).get("Si").orElseThrow().functional());

        // a hand-made choice for Si that is LDA and in another folder
        Upf lda = Upf.read(shared.resolve("Si.pz-vbc.UPF"));
        PseudoAssignment mixed = a.with("Si", lda);
        assertEquals(List.of("Si.pz-vbc.UPF is PZ (LDA) but Li.pbe-s-rrkjus_psl.1.0.0.UPF is PBE: all"
                + " pseudopotentials must use one functional",
                "pw.x reads every pseudopotential from one folder (pseudo_dir), but these are in "
                        + shared.toAbsolutePath().normalize() + " (Si) and " + dir.toAbsolutePath().normalize()
                        + " (Li): copy or link them into one folder"), mixed.problems());
        assertTrue(mixed.pseudoDir().isEmpty());
        PseudoAssignment wrong = PseudoAssignment.of(Map.of("Ge", lda));
        assertEquals(List.of("Si.pz-vbc.UPF is a pseudopotential for Si, not for Ge"), wrong.problems());
    }

    @Test
    void assignmentFromStoredSettings() throws IOException {
        Path dir = sharedPseudoDir();
        PwSettings settings = PwSettings.DEFAULTS.withPseudopotentials(dir.toString(), Map.of("Li",
                "Li.pbe-s-rrkjus_psl.1.0.0.UPF", "S", "S.missing.UPF"));
        PseudoAssignment a = PseudoAssignment.fromSettings(settings, List.of("Li", "S", "P"));
        assertEquals("Li", a.get("Li").orElseThrow().element());
        assertEquals(List.of("S", "P"), a.missing());
        assertEquals(List.of("the pseudopotential for S, " + dir.resolve("S.missing.UPF") + ", does not exist",
                "no pseudopotential is assigned to P"), a.problems());

        PseudoAssignment chosen = PseudoAssignment.choose(PseudoLibrary.scan(List.of(dir)), List.of("Li", "S"));
        PwSettings stored = PwSettings.DEFAULTS.withPseudopotentials(chosen);
        assertEquals(dir.toAbsolutePath().normalize().toString(), stored.pseudoDir());
        assertEquals(Map.of("Li", "Li.pbe-s-rrkjus_psl.1.0.0.UPF", "S", "S.pbe-n-rrkjus_psl.1.0.0.UPF"),
                stored.pseudopotentials());
        PseudoAssignment back = PseudoAssignment.fromSettings(stored, List.of("S", "Li"));
        assertEquals(List.of(), back.problems());
        assertEquals(chosen.fileNames(), back.fileNames());
    }
}
