package kiseki.app.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiseki.analysis.Conductivity;
import kiseki.app.Background;
import kiseki.app.TestSupport;
import kiseki.app.Workbench;
import kiseki.cli.KisekiCli;
import kiseki.io.Units;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Analysis tab's view-model without a screen: RDF, MSD/D/σ, conductivity table and Arrhenius fit. */
class AnalysisModelTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Workbench workbench = TestSupport.headlessWorkbench("en");

    @AfterEach
    void close() {
        workbench.close();
    }

    private Project newProject(Path dir) throws Exception {
        TestSupport.await(workbench.newProject(dir, "analysis", p -> { }), WAIT);
        return workbench.project();
    }

    /** An MD run folder as the MD tab writes it: md-runs/NAME/ with the trajectory and run.json. */
    private static Artefact mdRun(Project project, String name, String runJson, Map<String, Object> parameters,
            String trajectoryName, TrajectoryWriter writer) throws Exception {
        Path folder = project.dir().resolve("md-runs").resolve(name);
        Files.createDirectories(folder);
        writer.write(folder.resolve(trajectoryName));
        if (runJson != null) {
            Files.writeString(folder.resolve("run.json"), runJson);
        }
        return project.register(ArtefactKind.MD_RUN, "md-runs/" + name, name, parameters, null);
    }

    @FunctionalInterface
    interface TrajectoryWriter {
        void write(Path file) throws Exception;
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KisekiCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        return out.toString();
    }

    private Workbench.LogEntry lastLog() {
        return workbench.log().get(workbench.log().size() - 1);
    }

    @Test
    void rdfOfAnFccRunGivesShellsOfTwelveAndSixAndIsStoredWithItsRun(@TempDir Path tmp) throws Exception {
        Project project = newProject(tmp.resolve("p"));
        Artefact run = mdRun(project, "fcc-300K", "{\"temperature_K\": 300, \"timestep_fs\": 1.0}", null,
                "trajectory.extxyz", f -> Trajectories.fccFrames(f, 3));
        workbench.projectChanged();
        AnalysisModel model = new AnalysisModel(workbench);
        TestSupport.await(model.refreshRuns(), WAIT);
        assertEquals(1, model.runs().size());
        RunSource source = model.runs().get(0);
        assertEquals("fcc-300K", source.name());
        assertEquals(300, source.temperatureK());
        assertEquals(1.0, source.timestepFs());
        assertEquals(project.dir().resolve("md-runs/fcc-300K/trajectory.extxyz"), source.trajectory());

        TestSupport.await(model.open(run), WAIT);
        assertEquals(run.id(), model.selectedRunProperty().get().artefact().id());
        assertEquals(300, model.temperatureProperty().get());
        model.rdfPairsProperty().set("all pairs");
        Background.Task task = model.computeRdf();
        TestSupport.await(task, WAIT);
        assertEquals(Background.State.SUCCEEDED, task.stateProperty().get());

        RdfResult result = model.rdfResultProperty().get();
        assertNotNull(result);
        assertEquals(3, result.rdf().frames());
        assertEquals(1, model.coordinationRows().size());
        CoordinationRow shell = model.coordinationRows().get(0);
        assertEquals("Cu-Cu", shell.pair());
        assertEquals(4 / Math.sqrt(2), shell.peakR(), 0.011);
        assertEquals(12, shell.coordination(), 1e-12);
        assertEquals(12, result.coordinationAt("Cu-Cu", 3.2), 1e-12);
        assertEquals(6, result.coordinationAt("Cu-Cu", 4.4) - result.coordinationAt("Cu-Cu", 3.2), 1e-12);
        // what the plot shows: g(r) at the bin centres, n(r) at the upper edges (0.02 Å bins up to 6 Å)
        assertEquals(300, result.binCentres().length);
        assertEquals(0.01, result.binCentres()[0], 1e-12);
        assertEquals(6.0, result.binUpperEdges()[299], 1e-12);
        assertFalse(model.rdfShowCoordinationProperty().get(), "n(r) is shown on request only");

        // the same numbers as 'kiseki analyze rdf', byte for byte
        Path cliCsv = tmp.resolve("cli-rdf.csv");
        cli("analyze", "rdf", source.trajectory().toString(), "--out", cliCsv.toString());
        assertEquals(Files.readString(cliCsv), result.csv());
        assertEquals(result.csv(), model.csv(AnalysisModel.Plot.RDF));

        // stored as an ANALYSIS artefact made from the run
        Artefact stored = result.artefact();
        assertNotNull(stored);
        assertEquals(ArtefactKind.ANALYSIS, stored.kind());
        assertEquals(List.of(run.id()), stored.parents());
        assertEquals("rdf", stored.parameter("analysis"));
        assertEquals(List.of("Cu-Cu"), stored.parameter("pairs"));
        Path folder = project.resolve(stored);
        assertEquals(result.csv(), Files.readString(folder.resolve("rdf.csv")));
        JsonNode summary = JSON.readTree(folder.resolve("summary.json").toFile());
        assertEquals(12, summary.get("pairs").get(0).get("coordination").asDouble(), 1e-12);
        assertEquals(3, summary.get("frames").asInt());
        assertEquals(List.of(stored), project.artefacts(ArtefactKind.ANALYSIS));
        assertTrue(workbench.log().stream().anyMatch(e -> e.text().equals("RDF of fcc-300K: 3 frame(s), 1 pair(s)")));

        // an export writes the same CSV
        Path exported = tmp.resolve("export.csv");
        TestSupport.await(model.exportCsv(AnalysisModel.Plot.RDF, exported), WAIT);
        assertEquals(result.csv(), Files.readString(exported));
    }

    @Test
    void randomWalkersGiveTheirDiffusionCoefficientAndNernstEinsteinConductivity(@TempDir Path tmp)
            throws Exception {
        int li = 600;
        double box = 25;
        Path file = Trajectories.walkers(tmp.resolve("walkers.extxyz"), 11, li, 50, box, 300, 1.0);
        AnalysisModel model = new AnalysisModel(workbench);
        model.addTrajectory(file, 600);
        assertEquals(600, model.temperatureProperty().get());
        model.msdSpeciesProperty().set("Li");
        model.msdMaxLagProperty().set(100);
        Background.Task task = model.computeMsd();
        TestSupport.await(task, WAIT);
        assertEquals(Background.State.SUCCEEDED, task.stateProperty().get(), workbench.log().toString());
        MsdResult r = model.msdResultProperty().get();
        assertNotNull(r);
        assertNull(r.artefact(), "no project: nothing stored");
        assertEquals(li, r.analysis().ions());
        assertEquals(300, r.analysis().frames());
        assertEquals(50, r.analysis().maxLag());
        assertEquals(Trajectories.DT, r.analysis().dtFs(), 1e-12);
        double dTrue = Trajectories.D_TRUE * 0.1; // Å²/fs → cm²/s
        assertEquals(dTrue, r.dCm2PerS(), 0.05 * dTrue);

        // σ = n z² e² D / (k_B T) by hand
        double n = li / (box * box * box) * 1e24;       // cm⁻³
        double e = 1.602176634e-19;
        double byHand = n * e * e * r.dCm2PerS() / (1.380649e-23 * 600);
        assertEquals(byHand, r.sigma(), 1e-12 * byHand);
        assertEquals(n * e * e * r.dErrCm2PerS() / (1.380649e-23 * 600), r.sigmaErr(), 1e-12 * byHand);

        // the same D and σ as 'kiseki analyze msd'
        JsonNode cli = JSON.readTree(cli("analyze", "msd", file.toString(), "--species", "Li", "--temperature", "600",
                "--max-lag-fs", "100", "--out", tmp.resolve("cli-msd.csv").toString(), "--json"));
        assertEquals(cli.get("D_cm2_s").asDouble(), r.dCm2PerS(), 1e-12 * dTrue);
        assertEquals(cli.get("D_err_cm2_s").asDouble(), r.dErrCm2PerS(), 1e-12 * dTrue);
        assertEquals(cli.get("sigma_S_cm").asDouble(), r.sigma(), 1e-12 * byHand);
        assertEquals(cli.get("fit_from_fs").asDouble(), r.analysis().fitFromFs(), 1e-12);

        assertTrue(model.msdSummaryProperty().get().startsWith("Li: D = "), model.msdSummaryProperty().get());
        assertTrue(model.msdSummaryProperty().get().contains("at 600.0 K"), model.msdSummaryProperty().get());
        assertTrue(model.csv(AnalysisModel.Plot.MSD).startsWith("t_fs,msd_A2,fit_A2\n"));

        // a new fit window reuses the positions already read and agrees with the CLI window
        model.msdFitFromProperty().set(10);
        model.msdFitToProperty().set(90);
        model.msdBlocksProperty().set(2);
        TestSupport.await(model.computeMsd(), WAIT);
        MsdResult refit = model.msdResultProperty().get();
        JsonNode window = JSON.readTree(cli("analyze", "msd", file.toString(), "--species", "Li", "--max-lag-fs", "100",
                "--fit-from", "10", "--fit-to", "90", "--blocks", "2", "--out", tmp.resolve("cli-msd2.csv").toString(), "--json"));
        assertEquals(window.get("D_cm2_s").asDouble(), refit.dCm2PerS(), 1e-12 * dTrue);
        assertEquals(window.get("D_block_err_cm2_s").asDouble(), refit.dErrCm2PerS(), 1e-12 * dTrue);
        assertEquals(10, refit.analysis().fitFromFs());

        // into the conductivity table
        assertTrue(model.addMsdToTable());
        assertEquals(1, model.conductivityRows().size());
        ConductivityRow row = model.conductivityRows().get(0);
        assertEquals(600, row.temperatureK());
        assertEquals(refit.sigma(), row.sigmaSPerCm());
        assertEquals("walkers.extxyz", row.run());
        assertNull(row.runId());
    }

    @Test
    void threeRunsWithAKnownActivationEnergyGiveItBack(@TempDir Path tmp) throws Exception {
        Project project = newProject(tmp.resolve("p"));
        double ea = 0.25;
        double[] kelvin = {500, 700, 900};
        double k = Units.BOLTZMANN_EV_PER_K;
        // σT ∝ D ∝ scale²: scale² = exp(−Ea/k (1/T − 1/900)) gives σT = A exp(−Ea/kT) exactly
        double[] scale = new double[3];
        for (int i = 0; i < 3; i++) {
            scale[i] = Math.sqrt(Math.exp(-ea / k * (1 / kelvin[i] - 1 / 900.0)));
        }
        Artefact r500 = mdRun(project, "lps-500K", "{\"temperature_K\": 500, \"timestep_fs\": 2}", null,
                "trajectory.extxyz", f -> Trajectories.walkers(f, 5, 60, 12, 12, 120, scale[0]));
        Artefact r700 = mdRun(project, "lps-700K", null, Map.of("temperature_K", 700, "trajectory", "traj.extxyz"),
                "traj.extxyz", f -> Trajectories.walkers(f, 5, 60, 12, 12, 120, scale[1]));
        Artefact r900 = mdRun(project, "lps-900K", "{\"settings\": {\"temperature_K\": 900}}", null,
                "trajectory.extxyz", f -> Trajectories.walkers(f, 5, 60, 12, 12, 120, scale[2]));
        AnalysisModel model = new AnalysisModel(workbench);
        TestSupport.await(model.refreshRuns(), WAIT);
        assertEquals(List.of("lps-500K", "lps-700K", "lps-900K"), model.runs().stream().map(RunSource::name).toList());
        assertEquals(List.of(500.0, 700.0, 900.0), model.runs().stream().map(RunSource::temperatureK).toList());

        Background.Task batch = model.computeConductivities(List.copyOf(model.runs()));
        TestSupport.await(batch, WAIT);
        assertEquals(Background.State.SUCCEEDED, batch.stateProperty().get(), workbench.log().toString());
        assertEquals(3, model.conductivityRows().size());
        assertEquals(List.of(500.0, 700.0, 900.0),
                model.conductivityRows().stream().map(ConductivityRow::temperatureK).toList());
        ArrheniusResult result = model.arrheniusResultProperty().get();
        assertNotNull(result);
        assertEquals(ea, result.fit().activationEnergyEv(), 1e-6);
        assertEquals(0, result.fit().activationEnergyErrorEv(), 1e-6);

        // σ(298.15 K) by hand from the 900 K row: σ(T) = σ900 · 900/T · exp(−Ea/k (1/T − 1/900))
        ConductivityRow hot = model.conductivityRows().get(2);
        double room = 298.15;
        double byHand = hot.sigmaSPerCm() * 900 / room * Math.exp(-ea / k * (1 / room - 1 / 900.0));
        assertEquals(room, result.extrapolationK());
        assertEquals(byHand, result.sigmaLinear(), 1e-6 * byHand);
        assertTrue(model.arrheniusSummaryProperty().get().startsWith("Ea = 0.2500 ± 0.0000 eV from 3 temperatures"),
                model.arrheniusSummaryProperty().get());
        // each σ is Nernst-Einstein of its D
        double density = 60 / (12.0 * 12 * 12);
        assertEquals(Conductivity.nernstEinstein(density, 1, hot.dCm2PerS(), 900), hot.sigmaSPerCm(),
                1e-12 * hot.sigmaSPerCm());

        // stored: the table with the fit, made from the three runs
        Artefact stored = result.artefact();
        assertNotNull(stored);
        assertEquals(List.of(r500.id(), r700.id(), r900.id()), stored.parents());
        assertEquals("conductivity", stored.parameter("analysis"));
        assertEquals(ea, ((Number) stored.parameter("Ea_eV")).doubleValue(), 1e-6);
        Path folder = project.resolve(stored);
        List<String> csv = Files.readAllLines(folder.resolve("conductivity.csv"));
        assertEquals(4, csv.size());
        assertTrue(csv.get(0).startsWith("source,label,species,T_K,inv_T_1000_per_K,D_cm2_s"), csv.get(0));
        assertTrue(csv.get(1).startsWith("md,lps-500K,Li,500.00000,2.0000000,"), csv.get(1));
        JsonNode summary = JSON.readTree(folder.resolve("summary.json").toFile());
        assertEquals(ea, summary.get("arrhenius").get("Ea_eV").asDouble(), 1e-6);
        assertEquals(3, summary.get("rows").size());
        assertEquals(r700.id(), summary.get("rows").get(1).get("run_id").asText());

        // an experimental point is kept for the plot (not fitted); a new extrapolation temperature refits and
        // stores again
        assertFalse(model.addExperiment("bad", -1, 1e-2));
        assertTrue(model.addExperiment("LGPS, Kamaya 2011", 298.15, 1.2e-2));
        assertEquals(List.of(new ExperimentPoint("LGPS, Kamaya 2011", 298.15, 1.2e-2)), model.experiments());
        model.extrapolationTemperatureProperty().set(350);
        TestSupport.await(model.fitArrhenius(), WAIT);
        ArrheniusResult at350 = model.arrheniusResultProperty().get();
        double hand350 = hot.sigmaSPerCm() * 900 / 350 * Math.exp(-ea / k * (1 / 350.0 - 1 / 900.0));
        assertEquals(hand350, at350.sigmaLinear(), 1e-6 * hand350);
        assertEquals(ea, at350.fit().activationEnergyEv(), 1e-6);
        assertEquals(2, project.artefacts(ArtefactKind.ANALYSIS).size());
        List<String> withExperiment = Files.readAllLines(project.resolve(at350.artefact()).resolve("conductivity.csv"));
        assertEquals(5, withExperiment.size());
        assertTrue(withExperiment.get(4).startsWith("experiment,\"LGPS, Kamaya 2011\",,298.15000,"),
                withExperiment.get(4));

        // removing a row invalidates the fit shown
        model.removeRow(model.conductivityRows().get(0));
        assertNull(model.arrheniusResultProperty().get());
        assertEquals("", model.arrheniusSummaryProperty().get());
    }

    @Test
    void problemsAreReportedInTheLog(@TempDir Path tmp) throws Exception {
        AnalysisModel model = new AnalysisModel(workbench);
        Background.Task none = model.computeRdf();
        TestSupport.await(none, WAIT);
        assertEquals(Background.State.FAILED, none.stateProperty().get());
        assertEquals("RDF of  failed: choose an MD run or open a trajectory first", lastLog().text());

        Path fcc = Trajectories.fccFrames(tmp.resolve("fcc.extxyz"), 9);
        model.addTrajectory(fcc, Double.NaN);
        model.rdfPairsProperty().set("Cu-S");
        TestSupport.await(model.computeRdf(), WAIT);
        assertEquals("RDF of fcc.extxyz failed: pair Cu-S: the trajectory has no S atoms", lastLog().text());

        // no temperature: D but no σ, and the batch names the run
        model.msdSpeciesProperty().set("Cu");
        TestSupport.await(model.computeMsd(), WAIT);
        assertTrue(Double.isNaN(model.msdResultProperty().get().sigma()));
        assertTrue(model.msdSummaryProperty().get().endsWith("Enter the run temperature to get σ."));
        assertFalse(model.addMsdToTable());
        TestSupport.await(model.computeConductivities(List.of(model.selectedRunProperty().get())), WAIT);
        assertEquals("Conductivity of 1 run(s) failed: MD run fcc.extxyz has no temperature: select it and enter one",
                lastLog().text());
        TestSupport.await(model.fitArrhenius(), WAIT);
        assertEquals("Arrhenius fit of 0 rows failed: an Arrhenius fit needs at least 2 temperatures in the table, "
                + "it has 0", lastLog().text());

        // cancelling stops reading at the next frame
        Path big = Trajectories.walkers(tmp.resolve("big.extxyz"), 3, 200, 50, 20, 300, 1.0);
        model.addTrajectory(big, 500);
        model.rdfPairsProperty().set("");
        Background.Task task = model.computeRdf();
        task.cancel();
        TestSupport.await(task, WAIT);
        assertEquals(Background.State.CANCELLED, task.stateProperty().get());
        assertEquals("Analysis of big.extxyz cancelled", lastLog().text());
    }

    @Test
    void aRunWithoutATrajectoryIsListedWithItsProblem(@TempDir Path tmp) throws Exception {
        Project project = newProject(tmp.resolve("p"));
        Files.createDirectories(project.dir().resolve("md-runs/empty"));
        Files.writeString(project.dir().resolve("md-runs/empty/run.json"), "{\"temperature_K\": 450}");
        Artefact empty = project.register(ArtefactKind.MD_RUN, "md-runs/empty", "empty", null, null);
        AnalysisModel model = new AnalysisModel(workbench);
        TestSupport.await(model.refreshRuns(), WAIT);
        RunSource run = model.runs().get(0);
        assertNull(run.trajectory());
        assertEquals(450, run.temperatureK());
        assertTrue(run.problem().startsWith("MD run 'empty' has no trajectory in "), run.problem());
        TestSupport.await(model.open(empty), WAIT);
        TestSupport.await(model.computeMsd(), WAIT);
        assertTrue(lastLog().text().startsWith("MSD of empty failed: MD run 'empty' has no trajectory"),
                lastLog().text());
    }
}
