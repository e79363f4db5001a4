package kiseki.app;

import kiseki.io.Units;
import kiseki.structure.Element;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The view-model works without the FX toolkit: JavaFX properties need no screen. */
class StructureViewModelTest {

    @Test
    void summaryOfRockSalt() {
        Element na = PeriodicTable.require("Na");
        Element cl = PeriodicTable.require("Cl");
        Element[] sp = {na, na, na, na, cl, cl, cl, cl};
        double[] f = {0, 0, 0, 0, .5, .5, .5, 0, .5, .5, .5, 0, .5, .5, .5, .5, 0, 0, 0, .5, 0, 0, 0, .5};
        Structure s = Structure.fromFractional(Lattice.orthorhombic(5.64, 5.64, 5.64), sp, f);
        List<StructureViewModel.Row> rows = StructureViewModel.summary(s);
        assertEquals("Na4Cl4 (NaCl)", value(rows, "Formula"));
        assertEquals("8", value(rows, "Atoms"));
        assertEquals("179.406", value(rows, "Volume (Å³)"));
        double density = 4 * (22.98976928 + 35.45) / Math.pow(5.64, 3) * Units.AMU_PER_A3_TO_G_PER_CM3;
        assertEquals(String.format(java.util.Locale.ROOT, "%.4f", density), value(rows, "Density (g/cm³)"));
        assertEquals("2.8200 (Na–Cl)", value(rows, "Closest pair (Å)"));
    }

    @Test
    void aMissingFileReportsAnErrorWithoutTouchingTheStructure() throws Exception {
        try (Background bg = new Background(Runnable::run)) {
            StructureViewModel vm = new StructureViewModel(bg);
            vm.open(java.nio.file.Path.of("no-such-file.cif"), false);
            bg.call(() -> null).get(); // the single worker has finished the read once this returns
            assertEquals(false, vm.busyProperty().get());
            assertEquals(null, vm.structureProperty().get());
            assertEquals(true, vm.errorProperty().get().contains("no-such-file.cif"), vm.errorProperty().get());
        }
    }

    private static String value(List<StructureViewModel.Row> rows, String property) {
        return rows.stream().filter(r -> r.property().equals(property)).findFirst().orElseThrow().value();
    }
}
