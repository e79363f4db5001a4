package kiseki.app.viewer;

import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.structure.Element;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

/** Structures with known bonding for the viewer tests, and the shared LGPS cell. */
final class ViewerTestStructures {

    static final double SI_A = 5.431;

    private ViewerTestStructures() {
    }

    /** Conventional 8-atom diamond cell of silicon, a = 5.431 Å. */
    static Structure siliconDiamond() {
        double[] frac = {
            0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5,
            0.25, 0.25, 0.25, 0.75, 0.75, 0.25, 0.75, 0.25, 0.75, 0.25, 0.75, 0.75};
        Element[] species = new Element[8];
        Arrays.fill(species, PeriodicTable.require("Si"));
        return Structure.fromFractional(Lattice.orthorhombic(SI_A, SI_A, SI_A), species, frac);
    }

    /** Conventional 8-atom rock-salt cell of NaCl, a = 5.64 Å. */
    static Structure rockSalt() {
        double[] frac = {
            0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5,
            0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5, 0.5, 0.5, 0.5};
        Element[] species = new Element[8];
        Arrays.fill(species, 0, 4, PeriodicTable.require("Na"));
        Arrays.fill(species, 4, 8, PeriodicTable.require("Cl"));
        return Structure.fromFractional(Lattice.orthorhombic(5.64, 5.64, 5.64), species, frac);
    }

    /**
     * The shared LGPS cell (Li20 Ge2 P4 S24), or a skipped test when the shared material is absent. The engine's
     * kiseki.testing.SharedData lives in its test sources, which the app tests cannot see: this is the same lookup.
     */
    static Structure lgps() throws IOException {
        Path shared = null;
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared");
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isRegularFile(candidate.resolve("README.md"))) {
                shared = candidate;
                break;
            }
        }
        Assumptions.assumeTrue(shared != null,
                "skipped: shared reference material (../shared beside the repository root) is absent");
        Path file = shared.resolve("data/structures/LGPS_mp-696128.cif");
        Assumptions.assumeTrue(Files.exists(file), "skipped: shared file " + file + " is absent");
        return StructureFormats.forPath(file).orElseThrow().readFirst(file, ReadOptions.DEFAULT).structure();
    }
}
