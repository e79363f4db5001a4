package kiseki.dft;

import kiseki.cli.KisekiCli;
import kiseki.io.ExtxyzFormat;
import kiseki.io.ReadOptions;
import kiseki.io.Units;
import kiseki.io.WriteOptions;
import kiseki.jobs.Job;
import kiseki.jobs.JobStore;
import kiseki.structure.Frame;
import kiseki.structure.Perturbations;
import kiseki.structure.Structure;
import kiseki.testing.Programs;
import kiseki.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Labelling with the real pw.x (the Debian quantum-espresso package): the acceptance case, an 8-atom Si cell
 * with 6 perturbed configurations at 20 Ry on a 2×2×2 mesh.
 */
class LabellingTest {

    private static final Pattern ENERGY = Pattern.compile("^!\\s+total energy\\s+=\\s+(\\S+) Ry", Pattern.MULTILINE);
    private static final Pattern FORCE = Pattern.compile(
            "^\\s+atom\\s+(\\d+) type\\s+\\d+\\s+force =\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)", Pattern.MULTILINE);

    static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KisekiCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, "kiseki " + String.join(" ", args) + "\n" + err);
        return out.toString();
    }

    static List<Structure> perturbedSilicon(int count, long seed) {
        return Perturbations.generate(PwTesting.silicon8(), new Perturbations.Settings(count, 0.05, 0.1, 0, seed, 0));
    }

    static Path writeStructures(Path dir, List<Structure> structures) throws Exception {
        Path file = dir.resolve("si-perturbed.extxyz");
        new ExtxyzFormat().write(file, structures.stream().map(Frame::new).toList(), WriteOptions.DEFAULT);
        return file;
    }

    @Test
    void sixPerturbedSiliconCellsMatchWhatPwxPrints(@TempDir Path tmp) throws Exception {
        Programs.require("pw.x (Quantum ESPRESSO)", "pw.x");
        Path pseudo = SharedData.require("pseudo/Si.pz-vbc.UPF").getParent();
        Path structures = writeStructures(tmp, perturbedSilicon(6, 11));
        Path dataset = tmp.resolve("si-dft.extxyz");
        String json = cli("qe", "label", structures.toString(), "--pseudo-dir", pseudo.toString(), "--ecutwfc", "20",
                "--kpoints", "2x2x2", "--jobs", "2", "--out", dataset.toString(), "--json");
        assertTrue(json.contains("\"converged\" : 6"), json);

        List<Frame> frames = new ExtxyzFormat().readAll(dataset, ReadOptions.DEFAULT);
        assertEquals(6, frames.size(), "all six converged and were collected");
        Path work = tmp.resolve("si-dft.jobs");
        Set<String> indices = new HashSet<>();
        for (Frame f : frames) {
            String key = f.info().get(Labelling.KEY);
            String jobId = key.substring(key.indexOf('/') + 1);
            indices.add(f.info().get("source_index"));
            // what pw.x printed, read independently of Kiseki's parser
            String out = Files.readString(work.resolve(jobId).resolve("stdout.txt"));
            Matcher e = ENERGY.matcher(out);
            assertTrue(e.find(), "pw.x printed a total energy for " + jobId);
            assertEquals(Double.parseDouble(e.group(1)) * Units.RYDBERG_EV, f.energy(), 1e-6, jobId);
            Matcher m = FORCE.matcher(out);
            int atoms = 0;
            double[] sum = new double[3];
            while (m.find() && atoms < 8) { // the first block is the total force; later ones are its parts
                int atom = Integer.parseInt(m.group(1)) - 1;
                for (int c = 0; c < 3; c++) {
                    double printed = Double.parseDouble(m.group(2 + c)) * Units.RY_PER_BOHR_TO_EV_PER_ANGSTROM;
                    assertEquals(printed, f.forces()[3 * atom + c], 1e-6, jobId + " atom " + (atom + 1));
                    sum[c] += f.forces()[3 * atom + c];
                }
                atoms++;
            }
            assertEquals(8, atoms);
            assertTrue(Math.sqrt(sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]) < 1e-3,
                    "net force of " + jobId + " is |ΣF| = " + Math.sqrt(sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]));
            assertEquals("settings_hash", f.info().keySet().stream().filter("settings_hash"::equals).findFirst()
                    .orElse(""));
            assertTrue(f.info().get("qe_version").startsWith("6") || f.info().get("qe_version").startsWith("7"));
            assertTrue(f.stress() != null, "stress was requested (tstress)");
        }
        assertEquals(Set.of("0", "1", "2", "3", "4", "5"), indices);
    }

    @Test
    void forceIsTheEnergyDerivative(@TempDir Path tmp) throws Exception {
        String pwx = Programs.require("pw.x (Quantum ESPRESSO)", "pw.x");
        Path pseudo = SharedData.require("pseudo/Si.pz-vbc.UPF").getParent();
        Structure base = perturbedSilicon(1, 5).get(0);
        // the largest force component of the labelled structure is the most sensitive check
        PwSettings settings = PwSettings.DEFAULTS.withCutoffs(20, null).withKpoints(KPoints.mesh(2, 2, 2));
        PseudoAssignment pseudos = PseudoAssignment.choose(PseudoLibrary.scan(List.of(pseudo)), List.of("Si"));
        double h = 0.01;
        List<Structure> runs = new ArrayList<>();
        runs.add(base);
        Frame first = label(tmp.resolve("a"), List.of(base), settings, pseudos, pwx).get(0);
        int best = 0;
        for (int k = 1; k < first.forces().length; k++) {
            if (Math.abs(first.forces()[k]) > Math.abs(first.forces()[best])) {
                best = k;
            }
        }
        Structure plus = base.copy();
        plus.positions()[best] += h;
        Structure minus = base.copy();
        minus.positions()[best] -= h;
        List<Frame> pm = label(tmp.resolve("b"), List.of(plus, minus), settings, pseudos, pwx);
        double fd = -(pm.get(0).energy() - pm.get(1).energy()) / (2 * h);
        double analytic = first.forces()[best];
        assertTrue(Math.abs(analytic) > 0.1, "a force worth checking: " + analytic + " eV/Å");
        assertEquals(analytic, fd, 0.02 * Math.abs(analytic),
                "F = " + analytic + " eV/Å, −dE/dx by ±" + h + " Å = " + fd + " eV/Å");
    }

    private static List<Frame> label(Path dir, List<Structure> structures, PwSettings settings,
            PseudoAssignment pseudos, String pwx) throws Exception {
        Path dataset = dir.resolve("out.extxyz");
        Labelling.Summary s = new Labelling(new Labelling.Request(structures, "test", settings, pseudos,
                dir.resolve("jobs"), dataset, 2, 1, pwx, null, null)).run(null);
        assertEquals(structures.size(), s.converged(), s.failures().toString());
        Map<String, Frame> byIndex = new HashMap<>();
        for (Frame f : new ExtxyzFormat().readAll(dataset, ReadOptions.DEFAULT)) {
            byIndex.put(f.info().get("source_index"), f);
        }
        List<Frame> ordered = new ArrayList<>();
        for (int i = 0; i < structures.size(); i++) {
            ordered.add(byIndex.get(String.valueOf(i)));
        }
        return ordered;
    }

    @Test
    void killedMidwayAndResumedLosesAndDuplicatesNothing(@TempDir Path tmp) throws Exception {
        Programs.require("pw.x (Quantum ESPRESSO)", "pw.x");
        Path pseudo = SharedData.require("pseudo/Si.pz-vbc.UPF").getParent();
        Path structures = writeStructures(tmp, perturbedSilicon(4, 21));
        Path dataset = tmp.resolve("si4.extxyz");
        Path work = tmp.resolve("si4.jobs");
        String[] args = {"qe", "label", structures.toString(), "--pseudo-dir", pseudo.toString(), "--ecutwfc", "20",
                "--kpoints", "2x2x2", "--jobs", "1", "--out", dataset.toString()};

        // a separate JVM runs the command and is killed (SIGKILL) once the first frame is in the dataset
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(KisekiCli.class.getName());
        cmd.addAll(List.of(args));
        Process app = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("app.log").toFile())
                .start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline && !(Files.exists(dataset) && frames(dataset) >= 1) && app.isAlive()) {
            Thread.sleep(50);
        }
        assertTrue(app.isAlive(), "the labelling finished before it could be killed:\n"
                + Files.readString(tmp.resolve("app.log")));
        app.destroyForcibly().waitFor();
        int before = frames(dataset);
        assertTrue(before >= 1 && before < 4, "killed mid-way with " + before + " frames; the run's log:\n"
                + Files.readString(tmp.resolve("app.log")));
        Map<String, String> doneBefore = new HashMap<>();
        try (JobStore store = JobStore.open(work)) {
            for (Job j : store.jobs()) {
                if (j.state() == kiseki.jobs.JobState.DONE) {
                    doneBefore.put(j.id(), Files.readString(j.stdout()));
                }
            }
        }

        cli(args); // the same command again resumes
        List<Frame> frames = new ExtxyzFormat().readAll(dataset, ReadOptions.DEFAULT);
        assertEquals(4, frames.size(), "every structure labelled once");
        Set<String> keys = new HashSet<>();
        for (Frame f : frames) {
            assertTrue(keys.add(f.info().get(Labelling.KEY)), "duplicate frame " + f.info().get(Labelling.KEY));
        }
        try (JobStore store = JobStore.open(work)) {
            for (Map.Entry<String, String> e : doneBefore.entrySet()) {
                assertEquals(e.getValue(), Files.readString(store.get(e.getKey()).stdout()),
                        e.getKey() + " finished before the kill and must not run again");
                assertEquals(1, store.get(e.getKey()).attempt());
            }
        }
    }

    @Test
    void oneJobCanBeCancelledWhileTheOthersGoOn(@TempDir Path tmp) throws Exception {
        String pwx = Programs.require("pw.x (Quantum ESPRESSO)", "pw.x");
        Path pseudo = SharedData.require("pseudo/Si.pz-vbc.UPF").getParent();
        PwSettings settings = PwSettings.DEFAULTS.withCutoffs(12, null).withKpoints(KPoints.gamma());
        PseudoAssignment pseudos = PseudoAssignment.choose(PseudoLibrary.scan(List.of(pseudo)), List.of("Si"));
        Labelling labelling = new Labelling(new Labelling.Request(perturbedSilicon(2, 31), "test", settings, pseudos,
                tmp.resolve("jobs"), tmp.resolve("out.extxyz"), 1, 1, pwx, null, null));
        assertFalse(labelling.cancel("job-0002"), "nothing runs yet");
        List<String> listed = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean asked = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean accepted = new java.util.concurrent.atomic.AtomicBoolean();
        Labelling.Summary s = labelling.run(new Labelling.Listener() {
            @Override
            public void ready(List<Job> jobs) {
                jobs.forEach(j -> listed.add(j.id() + " " + j.state().jsonName() + " " + j.parameters().get("index")));
            }

            @Override
            public void jobChanged(Job job) {
                // one slot: job-0002 waits while job-0001 runs
                if (job.id().equals("job-0001") && job.state() == kiseki.jobs.JobState.RUNNING
                        && asked.compareAndSet(false, true)) {
                    accepted.set(labelling.cancel("job-0002"));
                }
            }
        });
        assertEquals(List.of("job-0001 queued 0", "job-0002 queued 1"), listed, "all jobs listed before running");
        assertTrue(accepted.get());
        assertEquals(1, s.converged(), s.failures().toString());
        assertEquals(1, s.cancelled());
        assertEquals(1, s.framesInDataset());
        assertFalse(labelling.cancel("job-0001"), "the run is over");
    }

    private static int frames(Path dataset) throws Exception {
        return kiseki.dataset.Dataset.keys(dataset, Labelling.KEY).size();
    }

    @Test
    void projectRecordsTheJobsAndTheDatasetWithProvenance(@TempDir Path tmp) throws Exception {
        Programs.require("pw.x (Quantum ESPRESSO)", "pw.x");
        Path pseudo = SharedData.require("pseudo/Si.pz-vbc.UPF").getParent();
        Path structures = writeStructures(tmp, perturbedSilicon(1, 3));
        Path dir = tmp.resolve("study");
        cli("project", "new", dir.toString(), "--name", "Si study");
        cli("qe", "label", structures.toString(), "--pseudo-dir", pseudo.toString(), "--ecutwfc", "12", "--gamma",
                "--out", "si-labelled.extxyz", "--project", dir.toString());
        kiseki.project.Project p = kiseki.project.Project.open(dir);
        var jobs = p.artefacts(kiseki.project.ArtefactKind.JOB);
        var datasets = p.artefacts(kiseki.project.ArtefactKind.DATASET);
        assertEquals(1, jobs.size());
        assertEquals(1, datasets.size());
        assertEquals("jobs/label-si-labelled", jobs.get(0).path());
        assertEquals("datasets/si-labelled.extxyz", datasets.get(0).path());
        assertEquals(List.of(jobs.get(0).id()), datasets.get(0).parents(), "the dataset was made by the job batch");
        assertEquals(1, new ExtxyzFormat().readAll(p.resolve(datasets.get(0)), ReadOptions.DEFAULT).size());
        // resuming adds nothing twice, neither frames nor artefacts
        cli("qe", "label", structures.toString(), "--pseudo-dir", pseudo.toString(), "--ecutwfc", "12", "--gamma",
                "--out", "si-labelled.extxyz", "--project", dir.toString());
        assertEquals(2, kiseki.project.Project.open(dir).artefacts().size());
    }
}
