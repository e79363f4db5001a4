package kiseki.potential;

import kiseki.io.Units;
import kiseki.structure.Lattice;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LennardJones against the real LAMMPS {@code pair_style lj/cut} (skipped when {@code lmp} is not installed). */
class LennardJonesLammpsTest {

    @Test
    void matchesLammpsLjCut(@TempDir Path dir) throws Exception {
        Path lmp = findLmp();
        Assumptions.assumeTrue(lmp != null, "skipped: LAMMPS (lmp) is not on the PATH");
        // a triclinic cell as LAMMPS wants it (a along x, b in xy, small tilts), two elements, Lorentz–Berthelot
        Structure s = PotentialTesting.randomCell(31, new double[] {10.0, 10.5, 11.0}, 20, 3.0, "Ar", "Kr");
        s.setLattice(Lattice.fromParameters(10.0, 10.5, 11.0, 85, 95, 82), true);
        s.wrap();
        LennardJones lj = LennardJones.builder(8.5).element("Ar", 0.0104, 3.40).element("Kr", 0.0140, 3.65).build();
        PotentialResult mine = lj.compute(s);

        double[] m = s.lattice().matrix();
        StringBuilder data = new StringBuilder("Kiseki LJ comparison\n\n");
        data.append(s.size()).append(" atoms\n2 atom types\n\n");
        data.append(String.format(Locale.ROOT, "0 %.17g xlo xhi%n0 %.17g ylo yhi%n0 %.17g zlo zhi%n%.17g %.17g %.17g xy xz yz%n",
                m[0], m[4], m[8], m[3], m[6], m[7]));
        data.append("\nMasses\n\n1 39.948\n2 83.798\n\nAtoms # atomic\n\n");
        double[] x = s.positions();
        for (int i = 0; i < s.size(); i++) {
            data.append(String.format(Locale.ROOT, "%d %d %.17g %.17g %.17g%n", i + 1,
                    s.element(i).symbol().equals("Ar") ? 1 : 2, x[3 * i], x[3 * i + 1], x[3 * i + 2]));
        }
        Files.writeString(dir.resolve("lj.data"), data);
        Files.writeString(dir.resolve("in.lj"), """
                units metal
                atom_style atomic
                boundary p p p
                read_data lj.data
                pair_style lj/cut 8.5
                pair_coeff 1 1 0.0104 3.40
                pair_coeff 2 2 0.0140 3.65
                pair_modify mix arithmetic
                compute w all pressure NULL virial
                thermo_style custom step pe c_w[1] c_w[2] c_w[3] c_w[4] c_w[5] c_w[6]
                dump d all custom 1 forces.dump id fx fy fz
                dump_modify d format float %.17g sort id
                run 0
                print "PE $(pe:%.17g)"
                print "W $(c_w[1]:%.17g) $(c_w[2]:%.17g) $(c_w[3]:%.17g) $(c_w[4]:%.17g) $(c_w[5]:%.17g) $(c_w[6]:%.17g)"
                """);
        Process p = new ProcessBuilder(lmp.toString(), "-in", "in.lj", "-log", "none").directory(dir.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);

        double pe = Double.NaN;
        double[] pressure = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("PE ")) {
                pe = Double.parseDouble(line.substring(3).trim());
            } else if (line.startsWith("W ")) {
                String[] t = line.substring(2).trim().split("\\s+");
                pressure = new double[6];
                for (int k = 0; k < 6; k++) {
                    pressure[k] = Double.parseDouble(t[k]);
                }
            }
        }
        assertEquals(pe, mine.energy, 1e-12 * Math.abs(pe), out);
        // LAMMPS virial pressure (bar) = W/V × nktv2p, its own metal-units constant 1.6021765e6 (CODATA-2018 gives
        // 1.602176634e6, 1e-7 apart); components xx yy zz xy xz yz
        double volume = s.lattice().volume();
        double lammpsNktv2p = 1.6021765e6;
        assertEquals(Units.EV_PER_ANGSTROM3_TO_GPA * 1e4, lammpsNktv2p, 1e-6 * lammpsNktv2p);
        int[][] idx = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};
        double scale = 0;
        for (double v : pressure) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int k = 0; k < 6; k++) {
            double w = mine.virial[3 * idx[k][0] + idx[k][1]];
            assertEquals(pressure[k], w / volume * lammpsNktv2p, 1e-10 * scale, "pressure component " + k);
        }
        List<String> dump = Files.readAllLines(dir.resolve("forces.dump"));
        int start = dump.indexOf("ITEM: ATOMS id fx fy fz") + 1;
        List<double[]> forces = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            String[] t = dump.get(start + i).trim().split("\\s+");
            forces.add(new double[] {Double.parseDouble(t[1]), Double.parseDouble(t[2]), Double.parseDouble(t[3])});
        }
        for (int i = 0; i < s.size(); i++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(forces.get(i)[c], mine.forces[3 * i + c], 1e-12, "atom " + (i + 1) + " component " + c);
            }
        }
    }

    private static Path findLmp() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path candidate = Path.of(d, "lmp");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
