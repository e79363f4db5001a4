package kiseki.dft;

import kiseki.structure.Element;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PwInputTest {

    @Test
    void rendersTheFixtureInputExactly() throws IOException {
        // the recorded si2-converged.in was rendered by this code; the text must not drift
        Path pseudo = PseudoLibraryTest.sharedPseudoDir();
        PseudoAssignment si = PseudoAssignment.choose(PseudoLibrary.scan(List.of(pseudo)), List.of("Si"));
        String text = PwInput.render(PwTesting.silicon2Displaced(), RecordPwFixtures.fixtureSettings(), si, "si2",
                "./out");
        String recorded = Files.readString(PwTesting.resource("si2-converged.in"))
                .replace("pseudo_dir = '/work/shared/pseudo'", "pseudo_dir = '" + pseudo.toAbsolutePath().normalize()
                        + "'");
        assertEquals(recorded, text);
        assertEquals("""
                &CONTROL
                  calculation = 'scf'
                  prefix = 'si2'
                  outdir = './out'
                  pseudo_dir = '%s'
                  tprnfor = .true.
                  tstress = .true.
                  disk_io = 'low'
                /
                &SYSTEM
                  ibrav = 0
                  nat = 2
                  ntyp = 1
                  ecutwfc = 12.0
                  ecutrho = 48.0
                  occupations = 'fixed'
                /
                &ELECTRONS
                  conv_thr = 2.0E-9
                  mixing_beta = 0.7
                  mixing_mode = 'plain'
                  electron_maxstep = 100
                /
                ATOMIC_SPECIES
                  Si  28.085 Si.pz-vbc.UPF
                CELL_PARAMETERS angstrom
                  0.0 2.715 2.715
                  2.715 0.0 2.715
                  2.715 2.715 0.0
                ATOMIC_POSITIONS angstrom
                  Si       0.000000000000      0.000000000000      0.000000000000
                  Si       1.400000000000      1.300000000000      1.350000000000
                K_POINTS automatic
                  2 2 2 0 0 0
                """.formatted(pseudo.toAbsolutePath().normalize()), text);
    }

    @Test
    void rendersUltrasoftSmearingAndSpacing() {
        Path dir = PseudoLibraryTest.sharedPseudoDir();
        PseudoAssignment lps = PseudoAssignment.choose(PseudoLibrary.scan(List.of(dir)), List.of("Li", "P", "S"));
        Element li = PeriodicTable.require("Li");
        Element s = PeriodicTable.require("S");
        Element p = PeriodicTable.require("P");
        Lattice cell = Lattice.fromParameters(8.787646, 8.787646, 12.657546, 90, 90, 90);
        Structure st = new Structure(cell, new Element[] {s, li, p, s}, new double[] {0.1, 0.2, 0.3, -1.0 / 3,
                2.0 / 3, 1e-13, 4.5, 4.4, 4.3, 1, 2, 3});
        PwSettings settings = PwSettings.DEFAULTS.withSmearing("mv", 0.02).withKpoints(KPoints.spacing(0.3));
        String text = PwInput.render(st, settings, lps, "lgps-0001", "/scratch/out");
        assertTrue(text.contains("  prefix = 'lgps-0001'\n  outdir = '/scratch/out'\n  pseudo_dir = '"
                + dir.toAbsolutePath().normalize() + "'\n"), text);
        assertTrue(text.contains("  nat = 4\n  ntyp = 3\n  ecutwfc = 40.0\n  ecutrho = 320.0\n"
                + "  occupations = 'smearing'\n  smearing = 'mv'\n  degauss = 0.02\n/\n"), "8 × for ultrasoft: " + text);
        assertTrue(text.contains("  conv_thr = 4.0E-9\n"), text);
        assertTrue(text.contains("ATOMIC_SPECIES\n  S   32.06 S.pbe-n-rrkjus_psl.1.0.0.UPF\n"
                + "  Li  6.94 Li.pbe-s-rrkjus_psl.1.0.0.UPF\n  P   30.973761998 P.pbe-n-rrkjus_psl.1.0.0.UPF\n"), text);
        assertTrue(text.contains("\n  Li      -0.333333333333      0.666666666667      0.000000000000\n"), text);
        assertTrue(text.endsWith("K_POINTS automatic\n  3 3 2 0 0 0\n"), text);

        // Γ only
        assertTrue(PwInput.render(st, settings.withKpoints(KPoints.gamma()), lps, "x", "o").endsWith(
                "K_POINTS gamma\n"));
        // cell vectors in full precision
        Lattice odd = Lattice.fromParameters(5.1, 5.2, 5.3, 80, 95, 118);
        String t = PwInput.render(new Structure(odd, new Element[] {li}, new double[3]), settings, lps, "x", "o");
        double[] m = odd.matrix();
        assertTrue(t.contains("\n  " + m[3] + " " + m[4] + " 0.0\n"), t);
    }

    @Test
    void renderRefusesWhatPwxWouldFailOn() {
        Path dir = PseudoLibraryTest.sharedPseudoDir();
        PseudoAssignment onlyLi = PseudoAssignment.choose(PseudoLibrary.scan(List.of(dir)), List.of("Li"));
        Structure si = PwTesting.silicon2Displaced();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PwInput.render(si, PwSettings.DEFAULTS, onlyLi, "x", "o"));
        assertEquals("cannot write the pw.x input: no pseudopotential for Si", e.getMessage());
        Structure molecule = new Structure(null, si.species(), si.positions());
        PseudoAssignment siOnly = PseudoAssignment.choose(PseudoLibrary.scan(List.of(dir)), List.of("Si"));
        assertThrows(IllegalArgumentException.class, () -> PwInput.render(molecule, PwSettings.DEFAULTS, siOnly,
                "x", "o"));
        assertThrows(IllegalArgumentException.class, () -> PwInput.render(si, PwSettings.DEFAULTS, siOnly,
                "it's", "o"));
        // without an assignment: the settings' own map, ultrasoft-safe 8 × ecutrho
        String t = PwInput.render(si, PwSettings.DEFAULTS.withPseudopotentials("/pp", Map.of("Si", "Si.x.UPF")),
                "k", "./out");
        assertTrue(t.contains("  pseudo_dir = '/pp'\n") && t.contains("  ecutrho = 320.0\n")
                && t.contains("  Si  28.085 Si.x.UPF\n"), t);
        assertThrows(IllegalArgumentException.class, () -> PwInput.render(si,
                PwSettings.DEFAULTS.withPseudopotentials("/pp", Map.of("Ge", "Ge.UPF")), "k", "./out"));
    }

    @Test
    void retryIsMoreRobust() {
        PwSettings first = PwSettings.DEFAULTS.withCutoffs(30, 240.0);
        PwSettings retry = PwInput.retrySettings(first);
        assertEquals(0.35, retry.mixingBeta(), 1e-15);
        assertEquals("local-TF", retry.mixingMode());
        assertEquals(200, retry.electronMaxstep());
        assertEquals(first.withMixing(0.35, "local-TF").withElectronMaxstep(200), retry, "nothing else changes");
        PwSettings third = PwInput.retrySettings(retry);
        assertEquals(0.175, third.mixingBeta(), 1e-15);
        assertEquals(400, third.electronMaxstep());
        assertEquals(0.1, PwInput.retrySettings(first.withMixing(0.15, "plain")).mixingBeta(), 0, "not below 0.1");
        assertEquals(0.05, PwInput.retrySettings(first.withMixing(0.05, "plain")).mixingBeta(), 0,
                "already below 0.1: kept");
    }
}
