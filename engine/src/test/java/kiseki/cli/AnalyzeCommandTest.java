package kiseki.cli;

import com.fasterxml.jackson.databind.JsonNode;
import kiseki.io.StructureFormats;
import kiseki.io.Units;
import kiseki.io.WriteOptions;
import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalyzeCommandTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return Json.MAPPER.readTree(out);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new AnalyzeCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static final double D_TRUE = 0.002; // Å²/fs
    static final double DT = 2.0;       // fs

    /** Li random walkers among fixed S atoms, unwrapped positions, frames every DT fs. */
    static List<Frame> walkers(long seed, int frames) {
        Random rnd = new Random(seed);
        int li = 300;
        int n = li + 60;
        double box = 20;
        Element[] sp = new Element[n];
        double[] x = new double[3 * n];
        for (int i = 0; i < n; i++) {
            sp[i] = PeriodicTable.require(i < li ? "Li" : "S");
            for (int c = 0; c < 3; c++) {
                x[3 * i + c] = rnd.nextDouble() * box;
            }
        }
        double step = Math.sqrt(2 * D_TRUE * DT);
        List<Frame> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            Frame frame = new Frame(new Structure(Lattice.orthorhombic(box, box, box), sp, x.clone()));
            frame.info().put("time_fs", Double.toString(f * DT));
            frame.info().put("timestep", Integer.toString(4 * f));
            out.add(frame);
            for (int i = 0; i < 3 * li; i++) {
                x[i] += step * rnd.nextGaussian();
            }
        }
        return out;
    }

    @Test
    void rdfOfFccTrajectory() throws Exception {
        double a = 4.0;
        double[][] basis = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
        double[] x = new double[3 * 32];
        int k = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int l = 0; l < 2; l++) {
                    for (double[] b : basis) {
                        x[k++] = (i + b[0]) * a;
                        x[k++] = (j + b[1]) * a;
                        x[k++] = (l + b[2]) * a;
                    }
                }
            }
        }
        Element[] sp = new Element[32];
        Arrays.fill(sp, PeriodicTable.require("Cu"));
        Structure s = new Structure(Lattice.orthorhombic(8, 8, 8), sp, x);
        Path traj = dir.resolve("fcc.extxyz");
        StructureFormats.require("extxyz").write(traj, List.of(new Frame(s), new Frame(s.copy())),
                WriteOptions.DEFAULT);
        Path csv = dir.resolve("g.csv");
        Run r = run("rdf", traj.toString(), "--pairs", "Cu-Cu", "--rmax", "5.3", "--out", csv.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(2, j.get("frames").asInt());
        assertEquals("Cu-Cu", j.get("pairs").get(0).get("pair").asText());
        assertEquals(a / Math.sqrt(2), j.get("pairs").get(0).get("peak_r_A").asDouble(), 0.011);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("r_A,g_total,g_Cu-Cu,n_Cu-Cu", lines.get(0));
        assertEquals(265 + 1, lines.size());
        // row for the bin ending at 3.20 Å (centre 3.19): running coordination 12
        String[] row = lines.get(160).split(",");
        assertEquals(3.19, Double.parseDouble(row[0]), 1e-9);
        assertEquals(12, Double.parseDouble(row[3]), 1e-9);
        // text mode and a bad pair
        Run text = run("rdf", traj.toString(), "--out", csv.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("Cu-Cu"), text.out());
        assertNotEquals(0, run("rdf", traj.toString(), "--pairs", "CuCu", "--out", csv.toString()).code());
        Run absent = run("rdf", traj.toString(), "--pairs", "Cu-S", "--out", csv.toString());
        assertNotEquals(0, absent.code());
        assertTrue(absent.err().contains("the trajectory has no S atoms"), absent.err());
    }

    @Test
    void msdFromExtxyzWithTimes() throws Exception {
        Path traj = dir.resolve("walk.extxyz");
        List<Frame> frames = walkers(3, 300);
        StructureFormats.require("extxyz").write(traj, frames, WriteOptions.DEFAULT);
        Path csv = dir.resolve("msd.csv");
        Run r = run("msd", traj.toString(), "--species", "Li", "--temperature", "600", "--max-lag-fs", "100",
                "--fit-from", "10", "--fit-to", "100", "--out", csv.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(DT, j.get("dt_fs").asDouble(), 1e-12);
        assertEquals(300, j.get("ions").asInt());
        double d = j.get("D_cm2_s").asDouble();
        assertEquals(D_TRUE * 0.1, d, 0.05 * D_TRUE * 0.1);
        assertTrue(j.get("D_err_cm2_s").asDouble() > 0);
        double n = 300 / 8000.0;
        assertEquals(n, j.get("number_density_per_A3").asDouble(), 1e-15);
        double e = 1.602176634e-19;
        double sigmaByHand = n * 1e24 * e * e * d / (1.380649e-23 * 600);
        assertEquals(sigmaByHand, j.get("sigma_S_cm").asDouble(), 1e-12 * sigmaByHand);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("t_fs,msd_A2", lines.get(0));
        assertEquals(51 + 1, lines.size());
        // MSD(lag 1) ≈ 6 D dt
        double msd1 = Double.parseDouble(lines.get(2).split(",")[1]);
        assertEquals(6 * D_TRUE * DT, msd1, 0.05 * 6 * D_TRUE * DT);

        // --dt-fs overrides the frames' times and gives the same D
        Run explicit = run("msd", traj.toString(), "--species", "Li", "--dt-fs", "2", "--max-lag-fs", "100",
                "--fit-from", "10", "--fit-to", "100", "--out", csv.toString(), "--json");
        assertEquals(0, explicit.code(), explicit.err());
        assertEquals(d, explicit.json().get("D_cm2_s").asDouble(), 1e-15);
        assertTrue(explicit.json().get("sigma_S_cm") == null);

        // block averaging: 3 blocks of 100 frames, lags up to 50 frames
        Run blocked = run("msd", traj.toString(), "--species", "Li", "--dt-fs", "2", "--max-lag-fs", "100",
                "--fit-from", "10", "--fit-to", "100", "--blocks", "3", "--out", csv.toString(), "--json");
        assertEquals(0, blocked.code(), blocked.err());
        assertEquals(3, blocked.json().get("blocks").asInt());
        assertEquals(D_TRUE * 0.1, blocked.json().get("D_block_mean_cm2_s").asDouble(), 0.08 * D_TRUE * 0.1);
        assertTrue(blocked.json().get("D_block_err_cm2_s").asDouble() > 0);
    }

    @Test
    void msdFromLammpsDumpTimesteps() throws Exception {
        Path traj = dir.resolve("walk.lammpstrj");
        List<Frame> frames = walkers(3, 300);
        StructureFormats.require("lammps-dump").write(traj, frames, WriteOptions.DEFAULT);
        Path csv = dir.resolve("msd.csv");
        // dump frames carry timestep 0, 4, 8, ...: with a 0.5 fs MD step the spacing is 2 fs
        Run r = run("msd", traj.toString(), "--species", "Li", "--timestep-fs", "0.5", "--max-lag-fs", "100",
                "--fit-from", "10", "--fit-to", "100", "--out", csv.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(2.0, r.json().get("dt_fs").asDouble(), 1e-12);
        assertEquals(D_TRUE * 0.1, r.json().get("D_cm2_s").asDouble(), 0.05 * D_TRUE * 0.1);
        // without a time the command says what to give
        Run missing = run("msd", traj.toString(), "--species", "Li", "--out", csv.toString());
        assertNotEquals(0, missing.code());
        assertTrue(missing.err().contains("--dt-fs"), missing.err());
    }

    @Test
    void arrheniusCsv() throws Exception {
        double ea = 0.21;
        double a = 2.0e3;
        StringBuilder sb = new StringBuilder("# synthetic\nT_K,sigma_S_cm\n");
        for (double t : new double[] {500, 600, 700, 800}) {
            sb.append(String.format(Locale.ROOT, "%s,%.17g%n", t,
                    a / t * Math.exp(-ea / (Units.BOLTZMANN_EV_PER_K * t))));
        }
        Path csv = dir.resolve("sigma.csv");
        Files.writeString(csv, sb.toString());
        Run r = run("arrhenius", csv.toString(), "--extrapolate", "298.15", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(ea, j.get("Ea_eV").asDouble(), 1e-6);
        assertEquals(0, j.get("Ea_err_eV").asDouble(), 1e-8);
        assertEquals(a, j.get("prefactor").asDouble(), 1e-6 * a);
        double byHand = a / 298.15 * Math.exp(-ea / (Units.BOLTZMANN_EV_PER_K * 298.15));
        assertEquals(byHand, j.get("sigma_linear_S_cm").asDouble(), 1e-8 * byHand);
        assertTrue(j.get("sigma_quadratic_S_cm").isNumber());
        assertTrue(j.get("Ea_log10_eV").isNumber());
        Run text = run("arrhenius", csv.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("Ea = 0.2100"), text.out());

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "T,sigma\n500,1e-2\n");
        Run badRun = run("arrhenius", bad.toString());
        assertNotEquals(0, badRun.code());
        assertTrue(badRun.err().contains("bad.csv:1: the header needs columns T_K and sigma_S_cm"), badRun.err());
        Files.writeString(bad, "T_K,sigma_S_cm\n500,1e-2\n600,x\n");
        Run garbled = run("arrhenius", bad.toString());
        assertTrue(garbled.err().contains("bad.csv:3:"), garbled.err());
    }
}
