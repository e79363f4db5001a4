package kiseki.dft;

import kiseki.structure.Lattice;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PwSettingsTest {

    @Test
    void kpointMeshFromSpacing() {
        Lattice si = Lattice.orthorhombic(5.43, 5.43, 5.43);
        assertArrayEquals(new int[] {2, 2, 2}, KPoints.spacing(0.6).meshFor(si), "2π/5.43/0.6 = 1.93");
        assertArrayEquals(new int[] {4, 4, 4}, KPoints.spacing(0.3).meshFor(si), "2π/5.43/0.3 = 3.86");
        Lattice lgps = Lattice.orthorhombic(8.787646, 8.787646, 12.657546);
        assertArrayEquals(new int[] {3, 3, 2}, KPoints.spacing(0.3).meshFor(lgps), "2.38 and 1.65");
        assertArrayEquals(new int[] {1, 1, 1}, KPoints.spacing(2.0).meshFor(lgps), "never below 1");
        // the widths, not the vector lengths, decide: a sheared cell with long vectors is still thin
        Lattice fcc = Lattice.fromVectors(0, 2.715, 2.715, 2.715, 0, 2.715, 2.715, 2.715, 0);
        double width = fcc.perpendicularWidth(0);
        assertEquals(5.43 / Math.sqrt(3), width, 1e-12);
        int n = (int) Math.ceil(2 * Math.PI / (width * 0.5));
        assertArrayEquals(new int[] {n, n, n}, KPoints.spacing(0.5).meshFor(fcc));
        // exactly on a whole number: no extra k-point from rounding noise (2π/(2π·0.5)/1 = 2)
        Lattice exact = Lattice.orthorhombic(Math.PI, Math.PI, 4 * Math.PI);
        assertArrayEquals(new int[] {2, 2, 1}, KPoints.spacing(1.0).meshFor(exact));

        assertNull(KPoints.gamma().meshFor(si));
        assertArrayEquals(new int[] {3, 2, 1}, KPoints.mesh(3, 2, 1).meshFor(si));
        assertArrayEquals(new int[] {1, 0, 1}, KPoints.mesh(3, 2, 1, 1, 0, 1).shiftArray());
        assertEquals("Γ only", KPoints.gamma().describe());
        assertEquals("4×4×4", KPoints.mesh(4, 4, 4).describe());
        assertEquals("spacing 0.3 Å⁻¹", KPoints.spacing(0.3).describe());
    }

    @Test
    void kpointsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> KPoints.mesh(2, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> KPoints.mesh(2, 2, 2, 0, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> KPoints.spacing(0));
        assertThrows(IllegalArgumentException.class, () -> KPoints.spacing(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new KPoints(null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new KPoints(KPoints.Mode.GAMMA, List.of(1, 1, 1), null,
                null));
        assertEquals(KPoints.gamma(), new KPoints(KPoints.Mode.GAMMA, null, null, List.of(0, 0, 0)));
    }

    @Test
    void ecutrhoDefaultsByPseudopotentialType() {
        PwSettings s = PwSettings.DEFAULTS.withCutoffs(30, null);
        assertEquals(240, s.ecutrhoFor(true), "ultrasoft or PAW: 8 ×");
        assertEquals(120, s.ecutrhoFor(false), "all norm-conserving: 4 ×");
        assertEquals(300, s.withCutoffs(30, 300.0).ecutrhoFor(true), "an explicit value wins");
        assertEquals(120, s.withCutoffs(30, 120.0).ecutrhoFor(true), "4 × is the smallest allowed");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.withCutoffs(30, 100.0));
        assertTrue(e.getMessage().contains("at least 4 × ecutwfc"), e.getMessage());
    }

    @Test
    void convThrScalesWithTheAtoms() {
        PwSettings s = PwSettings.DEFAULTS;
        assertEquals(1e-9, s.convThrPerAtom());
        assertEquals(8e-9, s.convThr(8), 1e-24);
        assertEquals(5e-8, s.convThr(50), 1e-22);
        assertEquals(2e-7, s.withConvThrPerAtom(4e-9).convThr(50), 1e-21);
        assertEquals("8.0E-9", PwInput.fortran(s.convThr(8)));
        assertEquals("5.0E-8", PwInput.fortran(s.convThr(50)));
        assertEquals("1.2E-9", PwInput.fortran(3 * 0.4e-9));
    }

    @Test
    void settingsAreChecked() {
        PwSettings d = PwSettings.DEFAULTS;
        assertThrows(IllegalArgumentException.class, () -> d.withCutoffs(-1, null));
        assertThrows(IllegalArgumentException.class, () -> d.withMixing(1.5, "plain"));
        assertThrows(IllegalArgumentException.class, () -> d.withMixing(0.3, "broyden"));
        assertThrows(IllegalArgumentException.class, () -> d.withElectronMaxstep(0));
        assertThrows(IllegalArgumentException.class, () -> d.withDiskIo("sometimes"));
        assertThrows(IllegalArgumentException.class, () -> d.withSmearing("hot", 0.01));
        assertThrows(IllegalArgumentException.class, () -> d.withSmearing("mv", 0));
        assertThrows(IllegalArgumentException.class, () -> d.withConvThrPerAtom(0));
        assertThrows(IllegalArgumentException.class, () -> d.withPseudopotentials("it's", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> d.withPseudopotentials("p", Map.of("Xx", "X.UPF")));
        assertThrows(IllegalArgumentException.class, () -> d.withPseudopotentials("p", Map.of("Si", "a b.UPF")));
        assertThrows(IllegalArgumentException.class, () -> d.withPseudopotentials("/x".repeat(200), Map.of()));
        PwSettings lower = d.withPseudopotentials("p", Map.of("si", "Si.UPF"));
        assertEquals(Map.of("Si", "Si.UPF"), lower.pseudopotentials(), "element symbols are normalised");
        assertEquals("Si.UPF", lower.pseudoFile("Si"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lower.pseudoFile("Ge"));
        assertEquals("no pseudopotential file is given for Ge (the settings name files for Si)", e.getMessage());
        assertEquals("Ge.UPF", d.pseudoFile("Ge"), "an empty map means <El>.UPF");
    }

    @Test
    void jsonRoundTripIsStable() {
        PwSettings s = PwSettings.DEFAULTS.withCutoffs(45, 360.0).withKpoints(KPoints.mesh(3, 3, 2, 1, 1, 0))
                .withSmearing("marzari-vanderbilt", 0.01).withConvThrPerAtom(2e-9).withMixing(0.4, "local-TF")
                .withElectronMaxstep(150).withDiskIo("none")
                .withPseudopotentials("/data/pseudo", Map.of("S", "S.pbe-n-rrkjus_psl.1.0.0.UPF", "Li",
                        "Li.pbe-s-rrkjus_psl.1.0.0.UPF"));
        String json = s.toJson();
        assertEquals("""
                {
                  "ecutwfc" : 45.0,
                  "ecutrho" : 360.0,
                  "kpoints" : {
                    "mode" : "mesh",
                    "mesh" : [ 3, 3, 2 ],
                    "shift" : [ 1, 1, 0 ]
                  },
                  "occupations" : "smearing",
                  "smearing" : "marzari-vanderbilt",
                  "degauss" : 0.01,
                  "convThrPerAtom" : 2.0E-9,
                  "mixingBeta" : 0.4,
                  "mixingMode" : "local-TF",
                  "electronMaxstep" : 150,
                  "diskIo" : "none",
                  "pseudoDir" : "/data/pseudo",
                  "pseudopotentials" : {
                    "Li" : "Li.pbe-s-rrkjus_psl.1.0.0.UPF",
                    "S" : "S.pbe-n-rrkjus_psl.1.0.0.UPF"
                  }
                }""", json);
        PwSettings back = PwSettings.fromJson(json);
        assertEquals(s, back);
        assertEquals(json, back.toJson(), "same JSON again");

        String defaults = PwSettings.DEFAULTS.toJson();
        assertTrue(defaults.contains("\"kpoints\" : {\n    \"mode\" : \"spacing\",\n    \"spacing\" : 0.3,\n"),
                defaults);
        assertTrue(!defaults.contains("ecutrho"), "unset values are left out");
        assertTrue(defaults.contains("\"occupations\" : \"smearing\"") && defaults.contains("\"smearing\" : \"mv\""),
                "cold smearing by default: " + defaults);
        assertEquals(PwSettings.DEFAULTS, PwSettings.fromJson(defaults));
        assertEquals(PwSettings.DEFAULTS.withCutoffs(30, null), PwSettings.fromJson("{\"ecutwfc\": 30, \"future\": 1}"),
                "missing keys take the defaults, unknown keys are ignored");
        assertEquals(KPoints.gamma(), PwSettings.fromJson("{\"kpoints\": {\"mode\": \"gamma\"}}").kpoints());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PwSettings.fromJson("{\"mixingBeta\": 2}"));
        assertEquals("not valid pw.x settings: mixingBeta must lie in (0, 1], got 2.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PwSettings.fromJson("{\"kpoints\": {\"mode\": \"mesh\", \"mesh\": [2, 2]}}"));
        assertEquals("not valid pw.x settings: a k-point mesh needs 3 whole numbers from 1 to 200, got [2, 2]",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PwSettings.fromJson("{not json"));
    }
}
