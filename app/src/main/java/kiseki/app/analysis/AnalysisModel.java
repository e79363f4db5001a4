package kiseki.app.analysis;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import kiseki.analysis.Arrhenius;
import kiseki.analysis.Conductivity;
import kiseki.analysis.Diffusion;
import kiseki.analysis.FrameTimes;
import kiseki.analysis.Msd;
import kiseki.analysis.MsdAnalysis;
import kiseki.analysis.Rdf;
import kiseki.app.Background;
import kiseki.app.Workbench;
import kiseki.io.AtomicFiles;
import kiseki.io.FormatException;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.PeriodicTable;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * State of the Analysis tab: the trajectories to analyse (MD runs of the project and picked files), the radial
 * distribution function with coordination numbers, the mean-squared displacement with the diffusion coefficient and
 * Nernst–Einstein conductivity, and the conductivity table of several runs with its Arrhenius fit. The numbers come
 * from {@code kiseki.analysis} exactly as {@code kiseki analyze rdf|msd|arrhenius} computes them. Trajectories are
 * streamed frame by frame in the background with progress and cancel; each result is stored in the open project as
 * an ANALYSIS artefact (CSV + summary.json) whose parents are the MD runs used. Holds no JavaFX nodes (tested
 * without a screen).
 */
public final class AnalysisModel {

    /** The plots of the tab, for exports. */
    public enum Plot {
        RDF, MSD, ARRHENIUS
    }

    /** Room temperature, the default extrapolation target (K). */
    public static final double ROOM_TEMPERATURE_K = 298.15;

    private static final long PROGRESS_INTERVAL_NS = 100_000_000L;

    private final Workbench workbench;
    private final ObservableList<RunSource> runs = FXCollections.observableArrayList();
    private final ObjectProperty<RunSource> selectedRun = new SimpleObjectProperty<>(this, "selectedRun");
    private final DoubleProperty temperature = new SimpleDoubleProperty(this, "temperature", Double.NaN);
    private final ObservableList<String> pairChoices = FXCollections.observableArrayList();
    private final ObservableList<String> speciesChoices = FXCollections.observableArrayList();

    private final StringProperty rdfPairs = new SimpleStringProperty(this, "rdfPairs", "");
    private final DoubleProperty rdfRmax = new SimpleDoubleProperty(this, "rdfRmax", 6.0);
    private final DoubleProperty rdfBin = new SimpleDoubleProperty(this, "rdfBin", 0.02);
    private final IntegerProperty rdfEvery = new SimpleIntegerProperty(this, "rdfEvery", 1);
    private final ReadOnlyObjectWrapper<RdfResult> rdfResult = new ReadOnlyObjectWrapper<>(this, "rdfResult");
    private final BooleanProperty rdfShowCoordination = new SimpleBooleanProperty(this, "rdfShowCoordination");
    private final ObservableList<CoordinationRow> coordinationRows = FXCollections.observableArrayList();

    private final StringProperty msdSpecies = new SimpleStringProperty(this, "msdSpecies", "Li");
    private final DoubleProperty msdCharge = new SimpleDoubleProperty(this, "msdCharge", 1.0);
    private final DoubleProperty msdDt = new SimpleDoubleProperty(this, "msdDt", Double.NaN);
    private final DoubleProperty msdMaxLag = new SimpleDoubleProperty(this, "msdMaxLag", Double.NaN);
    private final IntegerProperty msdOriginStride = new SimpleIntegerProperty(this, "msdOriginStride", 1);
    private final DoubleProperty msdFitFrom = new SimpleDoubleProperty(this, "msdFitFrom", Double.NaN);
    private final DoubleProperty msdFitTo = new SimpleDoubleProperty(this, "msdFitTo", Double.NaN);
    private final IntegerProperty msdBlocks = new SimpleIntegerProperty(this, "msdBlocks", 0);
    private final ReadOnlyObjectWrapper<MsdResult> msdResult = new ReadOnlyObjectWrapper<>(this, "msdResult");
    private final ReadOnlyStringWrapper msdSummary = new ReadOnlyStringWrapper(this, "msdSummary", "");

    private final ObservableList<ConductivityRow> conductivityRows = FXCollections.observableArrayList();
    private final ObservableList<ExperimentPoint> experiments = FXCollections.observableArrayList();
    private final DoubleProperty extrapolationTemperature =
            new SimpleDoubleProperty(this, "extrapolationTemperature", ROOM_TEMPERATURE_K);
    private final BooleanProperty showQuadratic = new SimpleBooleanProperty(this, "showQuadratic", true);
    private final ReadOnlyObjectWrapper<ArrheniusResult> arrheniusResult =
            new ReadOnlyObjectWrapper<>(this, "arrheniusResult");
    private final ReadOnlyStringWrapper arrheniusSummary = new ReadOnlyStringWrapper(this, "arrheniusSummary", "");

    /** The trajectory last read for an MSD, kept so that a new fit window does not read the file again. */
    private volatile CachedMsd cachedMsd;

    private record CachedMsd(Path file, long size, FileTime modified, String species, double dtSetting,
            double timestepFs, Msd msd, double dtFs) {
    }

    /** MSD settings captured on the UI thread when a computation starts. */
    private record MsdSettings(String species, double charge, double dtFs, double maxLagFs, int originStride,
            double fitFromFs, double fitToFs, int blocks) {
    }

    @FunctionalInterface
    private interface FrameAction {
        void accept(Frame frame) throws Exception;
    }

    public AnalysisModel(Workbench workbench) {
        this.workbench = workbench;
        pairChoices.setAll(allPairsText());
        rdfPairs.set(allPairsText());
        speciesChoices.setAll("Li");
        selectedRun.addListener((o, old, run) -> {
            temperature.set(run == null ? Double.NaN : run.temperatureK());
            loadChoices(run);
        });
        temperature.addListener((o, old, t) -> {
            RunSource run = selectedRun.get();
            if (run != null) {
                run.temperatureProperty().set(t.doubleValue());
            }
        });
        conductivityRows.addListener((javafx.collections.ListChangeListener<ConductivityRow>) c -> {
            ArrheniusResult shown = arrheniusResult.get();
            if (shown != null && !shown.rows().equals(List.copyOf(conductivityRows))) {
                // the fit no longer matches the table
                arrheniusResult.set(null);
                arrheniusSummary.set("");
            }
        });
        workbench.revisionProperty().addListener((o, a, b) -> refreshRuns());
        if (workbench.project() != null) {
            refreshRuns();
        }
    }

    // ------------------------------------------------------------------------------------------------ properties

    /** MD runs of the project, then trajectory files the user picked. */
    public ObservableList<RunSource> runs() {
        return runs;
    }

    public ObjectProperty<RunSource> selectedRunProperty() {
        return selectedRun;
    }

    /** Temperature (K) of the selected run; editing it changes the run's temperature. NaN when unknown. */
    public DoubleProperty temperatureProperty() {
        return temperature;
    }

    /** "all pairs" followed by every element pair of the selected trajectory. */
    public ObservableList<String> pairChoices() {
        return pairChoices;
    }

    /** Elements of the selected trajectory. */
    public ObservableList<String> speciesChoices() {
        return speciesChoices;
    }

    /** RDF pairs as text: "Li-S, P-S", or blank / "all pairs" for every element pair. */
    public StringProperty rdfPairsProperty() {
        return rdfPairs;
    }

    public DoubleProperty rdfRmaxProperty() {
        return rdfRmax;
    }

    public DoubleProperty rdfBinProperty() {
        return rdfBin;
    }

    /** Use every N-th frame for the RDF. */
    public IntegerProperty rdfEveryProperty() {
        return rdfEvery;
    }

    public ReadOnlyObjectProperty<RdfResult> rdfResultProperty() {
        return rdfResult.getReadOnlyProperty();
    }

    /** Whether the RDF plot also shows the running coordination number n(r) of each pair. */
    public BooleanProperty rdfShowCoordinationProperty() {
        return rdfShowCoordination;
    }

    public ObservableList<CoordinationRow> coordinationRows() {
        return coordinationRows;
    }

    public StringProperty msdSpeciesProperty() {
        return msdSpecies;
    }

    /** Ion charge number z for the conductivity (Li⁺ = 1). */
    public DoubleProperty msdChargeProperty() {
        return msdCharge;
    }

    /** Time between frames (fs); NaN = read from the frames (time_fs, …). */
    public DoubleProperty msdDtProperty() {
        return msdDt;
    }

    /** Largest lag (fs); NaN = half the trajectory. */
    public DoubleProperty msdMaxLagProperty() {
        return msdMaxLag;
    }

    public IntegerProperty msdOriginStrideProperty() {
        return msdOriginStride;
    }

    /** Fit window start (fs); NaN = 20 % of the largest lag. */
    public DoubleProperty msdFitFromProperty() {
        return msdFitFrom;
    }

    /** Fit window end (fs); NaN = 80 % of the largest lag. */
    public DoubleProperty msdFitToProperty() {
        return msdFitTo;
    }

    /** Blocks for a block-averaged D and its realistic error; 0 or 1 = none. */
    public IntegerProperty msdBlocksProperty() {
        return msdBlocks;
    }

    public ReadOnlyObjectProperty<MsdResult> msdResultProperty() {
        return msdResult.getReadOnlyProperty();
    }

    /** D ± error and σ of the last MSD, in words. */
    public ReadOnlyStringProperty msdSummaryProperty() {
        return msdSummary.getReadOnlyProperty();
    }

    /** One row per run and temperature: T, D, D error, σ. */
    public ObservableList<ConductivityRow> conductivityRows() {
        return conductivityRows;
    }

    /** Measured points drawn on the Arrhenius plot for comparison. */
    public ObservableList<ExperimentPoint> experiments() {
        return experiments;
    }

    public DoubleProperty extrapolationTemperatureProperty() {
        return extrapolationTemperature;
    }

    public BooleanProperty showQuadraticProperty() {
        return showQuadratic;
    }

    public ReadOnlyObjectProperty<ArrheniusResult> arrheniusResultProperty() {
        return arrheniusResult.getReadOnlyProperty();
    }

    /** Ea ± error and the extrapolated σ, in words. */
    public ReadOnlyStringProperty arrheniusSummaryProperty() {
        return arrheniusSummary.getReadOnlyProperty();
    }

    // ------------------------------------------------------------------------------------------------ the runs

    /** Lists the project's MD runs again (keeping picked files and edited temperatures). */
    public Background.Task refreshRuns() {
        Project project = workbench.project();
        return workbench.background().submit(workbench.text("analysis.task.runs"), () -> {
            List<RunSource> found = new ArrayList<>();
            if (project != null) {
                for (Artefact a : project.artefacts(ArtefactKind.MD_RUN)) {
                    found.add(RunSource.ofArtefact(project, a));
                }
            }
            return found;
        }, this::mergeRuns, e -> workbench.error(workbench.text("analysis.error.runs"), e));
    }

    /** Selects an MD run of the project (adding it to the list when it is new). */
    public Background.Task open(Artefact mdRun) {
        Project project = workbench.project();
        return workbench.background().submit(workbench.text("analysis.task.open", mdRun.name()), () -> {
            if (project == null) {
                throw new IllegalStateException(workbench.text("error.noProject"));
            }
            return RunSource.ofArtefact(project, mdRun);
        }, run -> {
            RunSource shown = add(run);
            selectedRun.set(shown);
            if (shown.problem() != null) {
                workbench.log(Workbench.Level.WARNING, shown.problem());
            }
        }, e -> workbench.error(workbench.text("analysis.error.open", mdRun.name()), e));
    }

    /** Adds a trajectory file the user picked and selects it; {@code temperatureK} may be NaN (entered later). */
    public RunSource addTrajectory(Path file, double temperatureK) {
        RunSource shown = add(RunSource.ofFile(file, temperatureK));
        if (Double.isFinite(temperatureK)) {
            shown.temperatureProperty().set(temperatureK);
        }
        selectedRun.set(shown);
        temperature.set(shown.temperatureK());
        return shown;
    }

    private synchronized RunSource add(RunSource run) {
        for (RunSource r : runs) {
            if (r.sameAs(run) && r.problem() == null) {
                return r;
            }
        }
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).sameAs(run)) {
                runs.set(i, run);
                return run;
            }
        }
        runs.add(run);
        return run;
    }

    private synchronized void mergeRuns(List<RunSource> found) {
        List<RunSource> merged = new ArrayList<>();
        for (RunSource f : found) {
            RunSource keep = f;
            for (RunSource r : runs) {
                // keep the object the user may have edited, unless it lacked a trajectory the run now has
                if (r.sameAs(f) && (r.problem() == null || f.problem() != null)) {
                    keep = r;
                }
            }
            merged.add(keep);
        }
        for (RunSource r : runs) {
            if (r.artefact() == null) {
                merged.add(r);
            }
        }
        if (!merged.equals(runs)) {
            RunSource selected = selectedRun.get();
            runs.setAll(merged);
            if (selected != null && !merged.contains(selected)) {
                selectedRun.set(null);
            } else if (selected != null) {
                selectedRun.set(selected);
            }
        }
        if (selectedRun.get() == null && !merged.isEmpty()) {
            // the newest MD run is what the user just made
            RunSource newest = merged.stream().filter(r -> r.artefact() != null).reduce((a, b) -> b)
                    .orElse(merged.get(merged.size() - 1));
            selectedRun.set(newest);
        }
    }

    /** Reads the selected trajectory's first frame to offer its elements and pairs. */
    private void loadChoices(RunSource run) {
        if (run == null || run.trajectory() == null) {
            pairChoices.setAll(allPairsText());
            return;
        }
        workbench.background().submit(workbench.text("analysis.task.elements", run.name()), () -> {
            try (TrajectoryStream in = TrajectoryStream.open(run.trajectory())) {
                Frame first = in.next();
                if (first == null) {
                    throw new FormatException(run.trajectory(), 0, "the file holds no structure");
                }
                List<Element> elements = new ArrayList<>(first.structure().elements());
                elements.sort(Comparator.comparingInt(Element::z));
                return elements;
            }
        }, elements -> {
            if (selectedRun.get() != run) {
                return;
            }
            List<String> pairs = new ArrayList<>();
            pairs.add(allPairsText());
            for (int i = 0; i < elements.size(); i++) {
                for (int j = i; j < elements.size(); j++) {
                    pairs.add(elements.get(i).symbol() + "-" + elements.get(j).symbol());
                }
            }
            pairChoices.setAll(pairs);
            List<String> symbols = elements.stream().map(Element::symbol).toList();
            speciesChoices.setAll(symbols);
            if (!symbols.contains(msdSpecies.get()) && !symbols.isEmpty()) {
                msdSpecies.set(symbols.contains("Li") ? "Li" : symbols.get(0));
            }
        }, e -> workbench.error(workbench.text("analysis.error.read", run.name()), e));
    }

    private String allPairsText() {
        return workbench.text("analysis.rdf.allPairs");
    }

    // -------------------------------------------------------------------------------------------------------- RDF

    /**
     * Computes g(r) and the running coordination numbers of the selected trajectory with the current pair, rmax,
     * bin and frame-stride settings, shows them and stores them in the project.
     */
    public Background.Task computeRdf() {
        RunSource run = selectedRun.get();
        String pairsText = rdfPairs.get();
        double rmax = rdfRmax.get();
        double bin = rdfBin.get();
        int every = rdfEvery.get();
        Project project = workbench.project();
        String name = run == null ? "" : run.name();
        return workbench.background().run(workbench.text("analysis.task.rdf", name), context -> {
            Path file = requireTrajectory(run);
            List<Rdf.Pair> pairs = parsePairs(pairsText);
            if (every < 1) {
                throw new IllegalArgumentException(workbench.text("analysis.error.every", every));
            }
            Rdf rdf = new Rdf(rmax, bin, pairs);
            int[] index = {0};
            stream(file, context, workbench.text("analysis.progress.rdf", run.name()), 0, 1, frame -> {
                if (index[0]++ % every == 0) {
                    rdf.add(frame.structure());
                }
            });
            if (rdf.frames() == 0) {
                throw new FormatException(file, 0, "the file holds no structure");
            }
            rdf.requirePairsPresent();
            List<CoordinationRow> shells = new ArrayList<>();
            for (int p = 0; p < rdf.pairs().size(); p++) {
                Rdf.Shell s = rdf.firstShell(p);
                String label = rdf.pairs().get(p).label();
                shells.add(s == null ? new CoordinationRow(label, Double.NaN, Double.NaN, Double.NaN, Double.NaN)
                        : new CoordinationRow(label, s.peakR(), s.peakG(), s.minimumR(), s.coordination()));
            }
            StringWriter csv = new StringWriter();
            rdf.writeCsv(csv);
            RdfResult result = new RdfResult(run.name(), rdf, List.copyOf(shells), csv.toString(), null);
            Artefact stored = project == null ? null : storeRdf(project, run, result, rmax, bin, every);
            return new RdfResult(run.name(), rdf, result.shells(), result.csv(), stored);
        }, result -> {
            rdfResult.set(result);
            coordinationRows.setAll(result.shells());
            Rdf rdf = result.rdf();
            workbench.info(workbench.text("analysis.log.rdf", result.source(), rdf.frames(), rdf.pairs().size()));
            if (result.artefact() != null) {
                workbench.projectChanged();
            }
        }, e -> failed("analysis.error.rdf", name, e));
    }

    private List<Rdf.Pair> parsePairs(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.equalsIgnoreCase("all") || t.equals(allPairsText())) {
            return null;
        }
        List<Rdf.Pair> pairs = new ArrayList<>();
        for (String part : t.split("[,;\\s]+")) {
            if (!part.isBlank()) {
                pairs.add(Rdf.Pair.parse(part));
            }
        }
        return pairs;
    }

    private Artefact storeRdf(Project project, RunSource run, RdfResult result, double rmax, double bin, int every)
            throws IOException {
        Rdf rdf = result.rdf();
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (CoordinationRow row : result.shells()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("pair", row.pair());
            p.put("peak_r_A", AnalysisStore.number(row.peakR()));
            p.put("peak_g", AnalysisStore.number(row.peakG()));
            p.put("first_minimum_r_A", AnalysisStore.number(row.minimumR()));
            p.put("coordination", AnalysisStore.number(row.coordination()));
            pairs.add(p);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("analysis", "rdf");
        params.put("source", run.name());
        params.put("frames", rdf.frames());
        params.put("rmax_A", rmax);
        params.put("bin_A", bin);
        params.put("every", every);
        params.put("pairs", rdf.pairs().stream().map(Rdf.Pair::label).toList());
        Map<String, Object> summary = new LinkedHashMap<>(params);
        summary.put("trajectory", run.trajectory().toString());
        summary.put("pairs", pairs);
        return AnalysisStore.store(project, "rdf-" + run.name(), "rdf.csv", result.csv(), summary, params,
                parents(run));
    }

    // -------------------------------------------------------------------------------------------------------- MSD

    /**
     * Computes the MSD of the chosen species in the selected trajectory, fits D over the fit window and, with a
     * temperature, the Nernst–Einstein σ; shows and stores the result. A second call on the same file, species and
     * frame spacing reuses the positions already read (a new fit window or lag range is quick).
     */
    public Background.Task computeMsd() {
        RunSource run = selectedRun.get();
        MsdSettings settings = msdSettings();
        double kelvin = temperature.get();
        Project project = workbench.project();
        String name = run == null ? "" : run.name();
        return workbench.background().run(workbench.text("analysis.task.msd", settings.species(), name), context -> {
            MsdResult result = msd(run, settings, kelvin, context, 0, 1, true);
            return project == null ? result : result.withArtefact(storeMsd(project, run, result));
        }, result -> {
            msdResult.set(result);
            MsdAnalysis a = result.analysis();
            msdSummary.set(summary(result));
            workbench.info(workbench.text("analysis.log.msd", a.species(), result.run(), sci(result.dCm2PerS()),
                    sci(result.dErrCm2PerS())));
            if (result.artefact() != null) {
                workbench.projectChanged();
            }
        }, e -> failed("analysis.error.msd", name, e));
    }

    private MsdSettings msdSettings() {
        return new MsdSettings(msdSpecies.get() == null ? "" : msdSpecies.get().strip(), msdCharge.get(),
                msdDt.get(), msdMaxLag.get(), msdOriginStride.get(), msdFitFrom.get(), msdFitTo.get(),
                msdBlocks.get());
    }

    /** Reads the trajectory (or reuses the cached positions) and runs the analyze-msd pipeline. */
    private MsdResult msd(RunSource run, MsdSettings s, double kelvin, Background.Context context, double base,
            double span, boolean useCache) throws Exception {
        Path file = requireTrajectory(run);
        String symbol = PeriodicTable.bySymbol(s.species()).map(Element::symbol).orElseThrow(
                () -> new IllegalArgumentException(workbench.text("analysis.error.species", s.species())));
        if (s.originStride() < 1) {
            throw new IllegalArgumentException(workbench.text("analysis.error.stride", s.originStride()));
        }
        long size = Files.size(file);
        FileTime modified = Files.getLastModifiedTime(file);
        CachedMsd cached = cachedMsd;
        boolean explicitDt = s.dtFs() > 0;
        Msd msd;
        double dt;
        if (useCache && cached != null && cached.file().equals(file) && cached.size() == size
                && cached.modified().equals(modified) && cached.species().equals(symbol)
                && Double.compare(cached.dtSetting(), explicitDt ? s.dtFs() : Double.NaN) == 0
                && Double.compare(cached.timestepFs(), run.timestepFs()) == 0) {
            msd = cached.msd();
            dt = cached.dtFs();
        } else {
            Msd reading = new Msd(symbol);
            FrameTimes times = new FrameTimes(Double.isFinite(run.timestepFs()) ? run.timestepFs() : null, null,
                    workbench.text("analysis.hint.dt"));
            stream(file, context, workbench.text("analysis.progress.msd", symbol, run.name()), base, span, frame -> {
                if (!explicitDt) {
                    times.add(frame.info());
                }
                reading.add(frame.structure());
            });
            if (reading.frames() < 2) {
                throw new IllegalArgumentException(workbench.text("analysis.error.frames", file.getFileName(),
                        reading.frames()));
            }
            msd = reading;
            dt = explicitDt ? s.dtFs() : times.spacingFs();
            if (useCache) {
                cachedMsd = new CachedMsd(file, size, modified, symbol, explicitDt ? s.dtFs() : Double.NaN,
                        run.timestepFs(), msd, dt);
            }
        }
        MsdAnalysis a = MsdAnalysis.of(msd, dt, orNull(s.maxLagFs()), s.originStride(), orNull(s.fitFromFs()),
                orNull(s.fitToFs()), s.blocks() > 1 ? s.blocks() : null);
        // as 'analyze msd': D and σ from the fit; the error from the blocks when asked for (realistic), else OLS
        double dErr = a.blocks() != null ? a.blocks().errorCm2PerS() : a.diffusion().dErrCm2PerS();
        double sigma = Double.NaN;
        double sigmaErr = Double.NaN;
        if (kelvin > 0 && Double.isFinite(kelvin) && a.hasDensity()) {
            sigma = a.sigma(s.charge(), kelvin);
            sigmaErr = Conductivity.nernstEinstein(a.numberDensity(), s.charge(), dErr, kelvin);
        }
        return new MsdResult(run.name(), run.artefact() == null ? null : run.artefact().id(), a, s.charge(), kelvin,
                dErr, sigma, sigmaErr, msdCsv(a), null);
    }

    private static Double orNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String msdCsv(MsdAnalysis a) {
        StringBuilder sb = new StringBuilder("t_fs,msd_A2,fit_A2\n");
        double[] t = a.timesFs();
        double[] m = a.msdA2();
        for (int i = 0; i < t.length; i++) {
            sb.append(String.format(Locale.ROOT, "%.6g,%.8g,", t[i], m[i]));
            if (t[i] >= a.fitFromFs() && t[i] <= a.fitToFs()) {
                sb.append(String.format(Locale.ROOT, "%.8g", a.diffusion().fit().at(t[i])));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private String summary(MsdResult r) {
        MsdAnalysis a = r.analysis();
        String text = workbench.text("analysis.msd.summary", a.species(), sci(r.dCm2PerS()), sci(r.dErrCm2PerS()),
                a.ions(), a.frames(), fixed(a.dtFs(), 4), fixed(a.fitFromFs(), 1), fixed(a.fitToFs(), 1));
        if (Double.isFinite(r.sigma())) {
            text += "\n" + workbench.text("analysis.msd.sigma", sci(r.sigma()), sci(r.sigmaErr()),
                    fixed(r.temperatureK(), 1), fixed(r.charge(), 2));
        } else if (!a.hasDensity()) {
            text += "\n" + workbench.text("analysis.msd.noCell");
        } else {
            text += "\n" + workbench.text("analysis.msd.noTemperature");
        }
        return text;
    }

    private Artefact storeMsd(Project project, RunSource run, MsdResult r) throws IOException {
        MsdAnalysis a = r.analysis();
        Diffusion d = a.diffusion();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("analysis", "msd");
        params.put("source", run.name());
        params.put("species", a.species());
        params.put("temperature_K", AnalysisStore.number(r.temperatureK()));
        params.put("D_cm2_s", AnalysisStore.number(r.dCm2PerS()));
        params.put("D_err_cm2_s", AnalysisStore.number(r.dErrCm2PerS()));
        params.put("sigma_S_cm", AnalysisStore.number(r.sigma()));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("analysis", "msd");
        summary.put("source", run.name());
        summary.put("trajectory", run.trajectory().toString());
        summary.put("species", a.species());
        summary.put("ions", a.ions());
        summary.put("frames", a.frames());
        summary.put("dt_fs", a.dtFs());
        summary.put("max_lag_fs", a.maxLag() * a.dtFs());
        summary.put("fit_from_fs", a.fitFromFs());
        summary.put("fit_to_fs", a.fitToFs());
        summary.put("fit_points", d.fit().points());
        summary.put("D_A2_fs", AnalysisStore.number(d.dA2PerFs()));
        summary.put("D_fit_cm2_s", AnalysisStore.number(d.dCm2PerS()));
        summary.put("D_fit_err_cm2_s", AnalysisStore.number(d.dErrCm2PerS()));
        if (a.blocks() != null) {
            summary.put("blocks", a.blocks().perBlockA2PerFs().length);
            summary.put("D_block_mean_cm2_s", AnalysisStore.number(a.blocks().meanCm2PerS()));
            summary.put("D_block_err_cm2_s", AnalysisStore.number(a.blocks().errorCm2PerS()));
        }
        summary.put("D_cm2_s", AnalysisStore.number(r.dCm2PerS()));
        summary.put("D_err_cm2_s", AnalysisStore.number(r.dErrCm2PerS()));
        summary.put("D_err_method", a.blocks() != null ? "block average" : "least squares (optimistic)");
        summary.put("number_density_per_A3", AnalysisStore.number(a.numberDensity()));
        summary.put("temperature_K", AnalysisStore.number(r.temperatureK()));
        summary.put("charge", r.charge());
        summary.put("sigma_S_cm", AnalysisStore.number(r.sigma()));
        summary.put("sigma_err_S_cm", AnalysisStore.number(r.sigmaErr()));
        return AnalysisStore.store(project, "msd-" + a.species() + "-" + run.name(), "msd.csv", r.csv(), summary,
                params, parents(run));
    }

    // ------------------------------------------------------------------------------------ conductivity, Arrhenius

    /** Adds the last MSD result to the conductivity table (replacing an earlier row of the same run and species). */
    public boolean addMsdToTable() {
        MsdResult r = msdResult.get();
        if (r == null) {
            return false;
        }
        if (!Double.isFinite(r.sigma())) {
            workbench.log(Workbench.Level.WARNING, workbench.text("analysis.error.noSigma", r.run()));
            return false;
        }
        putRows(List.of(ConductivityRow.of(r)));
        return true;
    }

    public void removeRow(ConductivityRow row) {
        conductivityRows.remove(row);
    }

    private void putRows(List<ConductivityRow> rows) {
        List<ConductivityRow> merged = merge(List.copyOf(conductivityRows), rows);
        conductivityRows.setAll(merged);
    }

    /** The table with {@code rows} added, each replacing an earlier row of the same run; sorted by temperature. */
    private static List<ConductivityRow> merge(List<ConductivityRow> table, List<ConductivityRow> rows) {
        List<ConductivityRow> merged = new ArrayList<>(table);
        for (ConductivityRow row : rows) {
            merged.removeIf(old -> old.sameRun(row));
            merged.add(row);
        }
        merged.sort(Comparator.comparingDouble(ConductivityRow::temperatureK));
        return merged;
    }

    /**
     * Computes D and σ for each run (each at its own temperature, with the current MSD settings; a blank fit window
     * means 20–80 % of each run's lags), puts them in the conductivity table, fits the Arrhenius law when the table
     * holds two or more temperatures, and stores the table with the fit in the project (parents: the runs).
     */
    public Background.Task computeConductivities(List<RunSource> sources) {
        List<RunSource> list = List.copyOf(sources);
        MsdSettings settings = msdSettings();
        List<ConductivityRow> table = List.copyOf(conductivityRows);
        List<ExperimentPoint> measured = List.copyOf(experiments);
        double target = extrapolationTemperature.get();
        Project project = workbench.project();
        return workbench.background().run(workbench.text("analysis.task.batch", list.size()), context -> {
            if (list.isEmpty()) {
                throw new IllegalArgumentException(workbench.text("analysis.error.noRuns"));
            }
            List<ConductivityRow> rows = new ArrayList<>();
            for (int k = 0; k < list.size(); k++) {
                RunSource run = list.get(k);
                double kelvin = run.temperatureK();
                if (!(kelvin > 0) || !Double.isFinite(kelvin)) {
                    throw new IllegalArgumentException(workbench.text("analysis.error.noTemperature", run.name()));
                }
                MsdResult r = msd(run, settings, kelvin, context, (double) k / list.size(), 1.0 / list.size(),
                        false);
                if (!Double.isFinite(r.sigma())) {
                    throw new IllegalArgumentException(workbench.text("analysis.error.noSigma", run.name()));
                }
                rows.add(ConductivityRow.of(r));
            }
            List<ConductivityRow> merged = merge(table, rows);
            return arrhenius(project, merged, measured, target);
        }, result -> {
            conductivityRows.setAll(result.rows());
            showArrhenius(result);
        }, e -> failed("analysis.error.batch", Integer.toString(list.size()), e));
    }

    /**
     * Fits the Arrhenius law to the conductivity table (needs two or more temperatures), extrapolates σ to the
     * extrapolation temperature and stores the table with the fit in the project.
     */
    public Background.Task fitArrhenius() {
        List<ConductivityRow> rows = List.copyOf(conductivityRows);
        List<ExperimentPoint> measured = List.copyOf(experiments);
        double target = extrapolationTemperature.get();
        Project project = workbench.project();
        return workbench.background().run(workbench.text("analysis.task.arrhenius", rows.size()), context -> {
            if (rows.size() < 2) {
                throw new IllegalArgumentException(workbench.text("analysis.error.arrheniusPoints", rows.size()));
            }
            return arrhenius(project, rows, measured, target);
        }, this::showArrhenius, e -> failed("analysis.error.arrhenius", Integer.toString(rows.size()), e));
    }

    /** Adds a measured point; false (and a log line) when T or σ is not a positive number. */
    public boolean addExperiment(String label, double temperatureK, double sigmaSPerCm) {
        if (!(temperatureK > 0) || !(sigmaSPerCm > 0) || !Double.isFinite(temperatureK)
                || !Double.isFinite(sigmaSPerCm)) {
            workbench.log(Workbench.Level.WARNING, workbench.text("analysis.error.experiment", temperatureK,
                    sigmaSPerCm));
            return false;
        }
        experiments.add(new ExperimentPoint(label == null ? "" : label.strip(), temperatureK, sigmaSPerCm));
        return true;
    }

    private ArrheniusResult arrhenius(Project project, List<ConductivityRow> rows, List<ExperimentPoint> measured,
            double target) throws IOException {
        if (!(target > 0) || !Double.isFinite(target)) {
            throw new IllegalArgumentException(workbench.text("analysis.error.extrapolation", target));
        }
        Arrhenius fit = null;
        double linear = Double.NaN;
        double quadratic = Double.NaN;
        if (rows.size() >= 2) {
            double[] t = rows.stream().mapToDouble(ConductivityRow::temperatureK).toArray();
            double[] s = rows.stream().mapToDouble(ConductivityRow::sigmaSPerCm).toArray();
            fit = new Arrhenius(t, s);
            linear = fit.sigmaLinear(target);
            quadratic = fit.sigmaQuadratic(target);
        }
        String csv = arrheniusCsv(rows, fit, measured);
        ArrheniusResult result = new ArrheniusResult(rows, fit, target, linear, quadratic, measured, csv, null);
        if (project == null) {
            return result;
        }
        return new ArrheniusResult(rows, fit, target, linear, quadratic, measured, csv,
                storeConductivity(project, result));
    }

    private static String arrheniusCsv(List<ConductivityRow> rows, Arrhenius fit, List<ExperimentPoint> measured) {
        StringBuilder sb = new StringBuilder("source,label,species,T_K,inv_T_1000_per_K,D_cm2_s,D_err_cm2_s,"
                + "sigma_S_cm,sigma_err_S_cm,log10_sigma,log10_sigma_linear_fit,log10_sigma_quadratic_fit\n");
        for (ConductivityRow r : rows) {
            double t = r.temperatureK();
            sb.append("md,").append(csvText(r.run())).append(',').append(r.species()).append(',')
                    .append(g(t)).append(',').append(g(1000 / t)).append(',').append(g(r.dCm2PerS())).append(',')
                    .append(g(r.dErrCm2PerS())).append(',').append(g(r.sigmaSPerCm())).append(',')
                    .append(g(r.sigmaErrSPerCm())).append(',').append(g(Math.log10(r.sigmaSPerCm()))).append(',')
                    .append(fit == null ? "" : g(Math.log10(fit.sigmaLinear(t)))).append(',')
                    .append(fit == null || !fit.hasQuadratic() ? "" : g(Math.log10(fit.sigmaQuadratic(t))))
                    .append('\n');
        }
        for (ExperimentPoint e : measured) {
            double t = e.temperatureK();
            sb.append("experiment,").append(csvText(e.label())).append(",,").append(g(t)).append(',')
                    .append(g(1000 / t)).append(",,,").append(g(e.sigmaSPerCm())).append(",,")
                    .append(g(Math.log10(e.sigmaSPerCm()))).append(",,\n");
        }
        return sb.toString();
    }

    private Artefact storeConductivity(Project project, ArrheniusResult r) throws IOException {
        List<ConductivityRow> rows = r.rows();
        String species = rows.stream().map(ConductivityRow::species).distinct().reduce((a, b) -> a + "+" + b)
                .orElse("");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("analysis", "conductivity");
        params.put("species", species);
        params.put("temperatures_K", rows.stream().map(ConductivityRow::temperatureK).toList());
        Map<String, Object> fit = null;
        if (r.fit() != null) {
            Arrhenius a = r.fit();
            params.put("Ea_eV", AnalysisStore.number(a.activationEnergyEv()));
            params.put("Ea_err_eV", AnalysisStore.number(a.activationEnergyErrorEv()));
            params.put("extrapolation_T_K", r.extrapolationK());
            params.put("sigma_linear_S_cm", AnalysisStore.number(r.sigmaLinear()));
            fit = new LinkedHashMap<>();
            fit.put("points", a.points());
            fit.put("Ea_eV", AnalysisStore.number(a.activationEnergyEv()));
            fit.put("Ea_err_eV", AnalysisStore.number(a.activationEnergyErrorEv()));
            fit.put("Ea_log10_eV", AnalysisStore.number(a.activationEnergyLog10Ev()));
            fit.put("prefactor", AnalysisStore.number(a.prefactor()));
            fit.put("prefactor_unit", "S K/cm");
            fit.put("T_K", r.extrapolationK());
            fit.put("sigma_linear_S_cm", AnalysisStore.number(r.sigmaLinear()));
            fit.put("sigma_quadratic_S_cm", AnalysisStore.number(r.sigmaQuadratic()));
        }
        List<Map<String, Object>> table = new ArrayList<>();
        for (ConductivityRow row : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run", row.run());
            m.put("run_id", row.runId());
            m.put("species", row.species());
            m.put("T_K", row.temperatureK());
            m.put("D_cm2_s", AnalysisStore.number(row.dCm2PerS()));
            m.put("D_err_cm2_s", AnalysisStore.number(row.dErrCm2PerS()));
            m.put("sigma_S_cm", AnalysisStore.number(row.sigmaSPerCm()));
            m.put("sigma_err_S_cm", AnalysisStore.number(row.sigmaErrSPerCm()));
            table.add(m);
        }
        List<Map<String, Object>> measured = new ArrayList<>();
        for (ExperimentPoint e : r.experiments()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", e.label());
            m.put("T_K", e.temperatureK());
            m.put("sigma_S_cm", e.sigmaSPerCm());
            measured.add(m);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("analysis", "conductivity");
        summary.put("rows", table);
        summary.put("arrhenius", fit);
        summary.put("experiments", measured);
        List<String> parents = rows.stream().map(ConductivityRow::runId).filter(id -> id != null).toList();
        return AnalysisStore.store(project, "conductivity-" + species, "conductivity.csv", r.csv(), summary, params,
                parents);
    }

    private void showArrhenius(ArrheniusResult result) {
        arrheniusResult.set(result);
        Arrhenius fit = result.fit();
        if (fit == null) {
            arrheniusSummary.set("");
        } else {
            String text = workbench.text("analysis.arrhenius.summary", fixed(fit.activationEnergyEv(), 4),
                    Double.isFinite(fit.activationEnergyErrorEv()) ? fixed(fit.activationEnergyErrorEv(), 4) : "—",
                    fit.points(), fixed(result.extrapolationK(), 2), sci(result.sigmaLinear()));
            if (fit.hasQuadratic()) {
                text += "\n" + workbench.text("analysis.arrhenius.quadratic", fixed(result.extrapolationK(), 2),
                        sci(result.sigmaQuadratic()));
            }
            arrheniusSummary.set(text);
            workbench.info(text.replace('\n', ' '));
        }
        if (result.artefact() != null) {
            workbench.projectChanged();
        }
    }

    // ------------------------------------------------------------------------------------------------- exports

    /** The CSV behind a plot (the same file the stored artefact holds), or null when nothing is computed yet. */
    public String csv(Plot plot) {
        return switch (plot) {
            case RDF -> rdfResult.get() == null ? null : rdfResult.get().csv();
            case MSD -> msdResult.get() == null ? null : msdResult.get().csv();
            case ARRHENIUS -> arrheniusResult.get() != null ? arrheniusResult.get().csv()
                    : conductivityRows.isEmpty() && experiments.isEmpty() ? null
                    : arrheniusCsv(List.copyOf(conductivityRows), null, List.copyOf(experiments));
        };
    }

    /** Writes the CSV behind a plot to {@code target} (atomically). */
    public Background.Task exportCsv(Plot plot, Path target) {
        String text = csv(plot);
        return workbench.background().submit(workbench.text("analysis.task.export", target.getFileName()), () -> {
            if (text == null) {
                throw new IllegalStateException(workbench.text("analysis.error.nothing"));
            }
            AtomicFiles.writeString(target, text);
            return target;
        }, t -> workbench.info(workbench.text("analysis.log.exported", t)),
                e -> workbench.error(workbench.text("analysis.error.export", target.getFileName()), e));
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private Path requireTrajectory(RunSource run) {
        if (run == null) {
            throw new IllegalStateException(workbench.text("analysis.error.noRun"));
        }
        if (run.trajectory() == null) {
            throw new IllegalArgumentException(run.problem() != null ? run.problem()
                    : workbench.text("analysis.error.noTrajectory", run.name()));
        }
        return run.trajectory();
    }

    private static List<String> parents(RunSource run) {
        return run.artefact() == null ? List.of() : List.of(run.artefact().id());
    }

    /**
     * Streams the frames of {@code file} into {@code action}, reporting progress (as the part {@code base} ..
     * {@code base + span} of the whole task) and giving up at the next frame after a cancel.
     */
    private void stream(Path file, Background.Context context, String message, double base, double span,
            FrameAction action) throws Exception {
        long last = System.nanoTime();
        context.progress(base, message);
        try (TrajectoryStream in = TrajectoryStream.open(file)) {
            for (Frame frame = in.next(); frame != null; frame = in.next()) {
                if (context.isCancelled()) {
                    throw new CancellationException(workbench.text("analysis.cancelled"));
                }
                action.accept(frame);
                long now = System.nanoTime();
                if (now - last > PROGRESS_INTERVAL_NS) {
                    last = now;
                    double f = in.fraction();
                    context.progress(f < 0 ? -1 : base + span * f,
                            workbench.text("analysis.progress.frames", message, in.framesRead()));
                }
            }
        }
    }

    private void failed(String key, String what, Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                ? e.getCause() : e;
        if (cause instanceof CancellationException) {
            workbench.info(workbench.text("analysis.log.cancelled", what));
        } else {
            workbench.error(workbench.text(key, what), cause);
        }
    }

    static String sci(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3e", v) : "—";
    }

    static String fixed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "—";
    }

    private static String g(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.8g", v) : "";
    }

    private static String csvText(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
