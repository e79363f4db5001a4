package kiseki.md;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import kiseki.structure.Structure;

/**
 * Cross-check against the real LAMMPS binary (skipped when {@code lmp} is not on PATH): the same 256-atom argon
 * start, velocity Verlet with 2 fs steps (fix nve) and the Nosé–Hoover chain (fix nvt, chain 3, Tdamp 100 fs), 100
 * steps: potential, kinetic and total energy per atom to 1e-6 eV and unwrapped positions atom by atom to 1e-6 Å.
 */
class MdLammpsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"nve", "nvt"})
    void matchesLammps(String ensemble) throws Exception {
        Path lmp = findLammps();
        Assumptions.assumeTrue(lmp != null, "lmp (LAMMPS) is not on PATH");
        MdState state = new MdState(MdTest.argon(4));
        state.maxwellBoltzmann(100, 77);
        Structure s = state.structure();
        double box = s.lattice().a();
        StringBuilder data = new StringBuilder("argon\n\n" + s.size() + " atoms\n1 atom types\n\n");
        data.append(String.format(Locale.ROOT, "0 %.17g xlo xhi\n0 %.17g ylo yhi\n0 %.17g zlo zhi\n\nMasses\n\n1 %.17g\n"
                + "\nAtoms # atomic\n\n", box, box, box, state.masses()[0]));
        double[] x = s.positions();
        double[] v = state.velocities();
        for (int i = 0; i < s.size(); i++) {
            data.append(String.format(Locale.ROOT, "%d 1 %.17g %.17g %.17g\n", i + 1, x[3 * i], x[3 * i + 1],
                    x[3 * i + 2]));
        }
        data.append("\nVelocities\n\n");
        for (int i = 0; i < s.size(); i++) {
            // LAMMPS metal velocities are Å/ps
            data.append(String.format(Locale.ROOT, "%d %.17g %.17g %.17g\n", i + 1, 1000 * v[3 * i],
                    1000 * v[3 * i + 1], 1000 * v[3 * i + 2]));
        }
        Files.writeString(dir.resolve("data.argon"), data);
        String fix = ensemble.equals("nve") ? "fix 1 all nve" : "fix 1 all nvt temp 100.0 100.0 0.1 tchain 3";
        Files.writeString(dir.resolve("in.argon"), String.join("\n", "units metal", "atom_style atomic",
                "boundary p p p", "read_data data.argon", "pair_style lj/cut 8.5", "pair_coeff 1 1 0.0104 3.40",
                "neighbor 1.0 bin", "neigh_modify every 1 delay 0 check yes", "timestep 0.002", fix,
                "thermo 100", "thermo_style custom step pe ke etotal", "thermo_modify format float %.15g",
                "run 100",
                "write_dump all custom final.dump id xu yu zu modify sort id format float %20.15g", ""));
        Process p = new ProcessBuilder(lmp.toString(), "-in", "in.argon", "-log", "log.lammps", "-screen", "none")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        Assumptions.assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "LAMMPS did not finish in time");
        assertEquals(0, p.exitValue(), "LAMMPS failed: " + Files.readString(dir.resolve("log.lammps")));

        Thermostat th = ensemble.equals("nve") ? Thermostat.none() : new NoseHooverChain(100.0, 100.0, 3);
        VelocityVerlet md = new VelocityVerlet(MdTest.ARGON, state, 2.0, th);
        for (int step = 0; step < 100; step++) {
            md.step();
        }
        // energies at step 100 from the LAMMPS log: "100 pe ke etotal"
        double[] lammpsEnergy = null;
        for (String line : Files.readAllLines(dir.resolve("log.lammps"))) {
            String[] t = line.trim().split("\\s+");
            if (t.length == 4 && t[0].equals("100")) {
                lammpsEnergy = new double[] {Double.parseDouble(t[1]), Double.parseDouble(t[2]),
                        Double.parseDouble(t[3])};
            }
        }
        org.junit.jupiter.api.Assertions.assertNotNull(lammpsEnergy, "no step-100 thermo line in log.lammps");
        int n = s.size();
        assertEquals(lammpsEnergy[0] / n, md.potentialEnergy() / n, 1e-6, "potential energy per atom (eV)");
        assertEquals(lammpsEnergy[1] / n, md.kineticEnergy() / n, 1e-6, "kinetic energy per atom (eV)");
        assertEquals(lammpsEnergy[2] / n, md.totalEnergy() / n, 1e-6, "total energy per atom (eV)");
        List<String> lines = Files.readAllLines(dir.resolve("final.dump"));
        int start = lines.indexOf(lines.stream().filter(l -> l.startsWith("ITEM: ATOMS")).findFirst().orElseThrow())
                + 1;
        double maxDiff = 0;
        for (int i = 0; i < s.size(); i++) {
            String[] t = lines.get(start + i).trim().split("\\s+");
            int id = Integer.parseInt(t[0]) - 1;
            for (int k = 0; k < 3; k++) {
                maxDiff = Math.max(maxDiff, Math.abs(Double.parseDouble(t[1 + k]) - x[3 * id + k]));
            }
        }
        System.out.printf("LAMMPS %s, 256 Ar, 100 steps: max |Δx| = %.3e Å, ΔE_tot = %.3e eV/atom%n", ensemble, maxDiff,
                (md.totalEnergy() - lammpsEnergy[2]) / n);
        // differences come only from LAMMPS' slightly different constants (mvv2e, k_B 8.617343e-5)
        assertEquals(0, maxDiff, 1e-6, "largest position difference to LAMMPS (Å)");
    }

    private static Path findLammps() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            Path c = Path.of(d, "lmp");
            if (Files.isExecutable(c)) {
                return c;
            }
        }
        return null;
    }
}
