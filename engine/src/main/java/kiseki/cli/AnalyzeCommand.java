package kiseki.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kiseki.analysis.Arrhenius;
import kiseki.analysis.Diffusion;
import kiseki.analysis.FrameTimes;
import kiseki.analysis.Msd;
import kiseki.analysis.MsdAnalysis;
import kiseki.analysis.Rdf;
import kiseki.io.AtomicFiles;
import kiseki.io.FormatException;
import kiseki.io.FrameReader;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormat;
import kiseki.io.StructureFormats;
import kiseki.structure.Frame;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code kiseki analyze rdf|msd|arrhenius|coordination}: trajectory analysis and ionic transport. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Analyse trajectories: radial distribution functions, mean-squared displacement, diffusion, "
                + "Nernst-Einstein conductivity and Arrhenius fits.",
        subcommands = {AnalyzeCommand.RdfCommand.class, AnalyzeCommand.MsdCommand.class,
                AnalyzeCommand.ArrheniusCommand.class, AnalyzeCommand.CoordinationCommand.class})
public final class AnalyzeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static StructureFormat trajectoryFormat(Path file, String explicit) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        return StructureFormats.resolve(file, explicit);
    }

    @Command(name = "rdf", mixinStandardHelpOptions = true,
            description = "Total and partial g(r), averaged over frames, with running coordination numbers n(r). "
                    + "CSV columns: r_A (bin centre), g_total, g_A-B..., n_A-B... (n = mean number of B within r "
                    + "of an A, at the bin's upper edge).")
    static final class RdfCommand implements Callable<Integer> {
        @Parameters(paramLabel = "TRAJ", description = "Trajectory or structure (extxyz, LAMMPS dump, CIF, ...).")
        Path file;

        @Option(names = "--from", paramLabel = "FORMAT", description = "Input format (default: from the file name).")
        String format;

        @Option(names = "--pairs", split = ",", paramLabel = "A-B",
                description = "Partials as centre-neighbour pairs, e.g. Li-S,P-S (default: every element pair).")
        List<String> pairs;

        @Option(names = "--rmax", defaultValue = "6", description = "Largest distance in Å (default ${DEFAULT-VALUE}).")
        double rmax;

        @Option(names = "--bin", defaultValue = "0.02", description = "Bin width in Å (default ${DEFAULT-VALUE}).")
        double bin;

        @Option(names = "--every", defaultValue = "1", description = "Use every N-th frame (default ${DEFAULT-VALUE}).")
        int every;

        @Option(names = "--out", required = true, paramLabel = "CSV", description = "CSV file to write.")
        Path out;

        @Option(names = "--json", description = "Print one JSON summary object.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (every < 1) {
                throw new IllegalArgumentException("--every must be at least 1");
            }
            List<Rdf.Pair> parsed = new ArrayList<>();
            if (pairs != null) {
                for (String p : pairs) {
                    parsed.add(Rdf.Pair.parse(p));
                }
            }
            Rdf rdf = new Rdf(rmax, bin, parsed);
            StructureFormat f = trajectoryFormat(file, format);
            int read = 0;
            try (FrameReader r = f.open(file, ReadOptions.DEFAULT)) {
                for (Frame frame = r.next(); frame != null; frame = r.next()) {
                    if (read++ % every == 0) {
                        rdf.add(frame.structure());
                    }
                }
            }
            if (rdf.frames() == 0) {
                throw new FormatException(file, 0, "the file holds no structure");
            }
            rdf.requirePairsPresent();
            AtomicFiles.write(out, rdf::writeCsv);
            PrintWriter o = spec.commandLine().getOut();
            ObjectNode node = Json.object();
            node.put("file", file.toString());
            node.put("frames", rdf.frames());
            node.put("rmax_A", rmax);
            node.put("bin_A", bin);
            node.put("out", out.toString());
            ArrayNode list = node.putArray("pairs");
            for (int p = 0; p < rdf.pairs().size(); p++) {
                int best = rdf.highestPeak(p);
                ObjectNode pn = list.addObject();
                pn.put("pair", rdf.pairs().get(p).label());
                pn.put("peak_r_A", rdf.r(best));
                pn.put("peak_g", rdf.g(p)[best]);
            }
            if (json) {
                Json.print(o, node);
            } else {
                o.printf(Locale.ROOT, "g(r) from %d frame(s) of %s written to %s%n", rdf.frames(), file, out);
                for (var pn : list) {
                    o.printf(Locale.ROOT, "  %-8s highest peak at %.3f Å (g = %.3f)%n", pn.get("pair").asText(),
                            pn.get("peak_r_A").asDouble(), pn.get("peak_g").asDouble());
                }
                o.flush();
            }
            return 0;
        }
    }

    @Command(name = "coordination", mixinStandardHelpOptions = true,
            description = {"Coordination polyhedra frame by frame: how many NEIGHBOUR atoms lie within RCUT of each "
                    + "CENTRE atom, and in how many frames some centre does not have the expected number.",
                    "Example (LGPS tetrahedra): analyze coordination md.extxyz --centre P,Ge --neighbour S "
                            + "--rcut 2.6 --expected 4",
                    "Exit code 0 also when polyhedra break: read 'broken_frames'. CSV columns: frame, centres, "
                            + "broken, min_count, max_count."})
    static final class CoordinationCommand implements Callable<Integer> {
        @Parameters(paramLabel = "TRAJ", description = "Trajectory or structure (extxyz, LAMMPS dump, CIF, ...).")
        Path file;

        @Option(names = "--from", paramLabel = "FORMAT", description = "Input format (default: from the file name).")
        String format;

        @Option(names = "--centre", required = true, split = ",", paramLabel = "EL", description = "Centre elements, e.g. P,Ge.")
        List<String> centre;

        @Option(names = "--neighbour", required = true, split = ",", paramLabel = "EL", description = "Neighbour elements, e.g. S.")
        List<String> neighbour;

        @Option(names = "--rcut", required = true, paramLabel = "Å", description = "Bond cutoff in Å.")
        double rcut;

        @Option(names = "--expected", required = true, description = "Intact coordination number, e.g. 4.")
        int expected;

        @Option(names = "--out", paramLabel = "CSV", description = "Per-frame CSV file to write.")
        Path out;

        @Option(names = "--json", description = "Print one JSON summary object.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            java.util.Set<kiseki.structure.Element> centres = new java.util.HashSet<>();
            for (String e : centre) {
                centres.add(kiseki.structure.PeriodicTable.require(e.strip()));
            }
            java.util.Set<kiseki.structure.Element> neighbours = new java.util.HashSet<>();
            for (String e : neighbour) {
                neighbours.add(kiseki.structure.PeriodicTable.require(e.strip()));
            }
            kiseki.analysis.Coordination c = new kiseki.analysis.Coordination(centres, neighbours, rcut, expected);
            StructureFormat f = trajectoryFormat(file, format);
            try (FrameReader r = f.open(file, ReadOptions.DEFAULT)) {
                for (Frame frame = r.next(); frame != null; frame = r.next()) {
                    c.add(frame.structure());
                }
            }
            if (c.frames().isEmpty()) {
                throw new FormatException(file, 0, "the file holds no structure");
            }
            if (c.frames().get(0).centres() == 0) {
                throw new IllegalArgumentException("the trajectory has no " + String.join(" or ", centre) + " atoms");
            }
            if (out != null) {
                AtomicFiles.write(out, w -> {
                    w.write("frame,centres,broken,min_count,max_count\n");
                    int k = 0;
                    for (kiseki.analysis.Coordination.FrameResult fr : c.frames()) {
                        w.write(k++ + "," + fr.centres() + "," + fr.broken() + "," + fr.minCount() + ","
                                + fr.maxCount() + "\n");
                    }
                });
            }
            PrintWriter o = spec.commandLine().getOut();
            if (json) {
                ObjectNode node = Json.object();
                node.put("file", file.toString());
                node.put("frames", c.frames().size());
                node.put("centres", c.frames().get(0).centres());
                node.put("expected", expected);
                node.put("rcut_A", rcut);
                node.put("broken_frames", c.brokenFrames());
                if (c.firstBrokenFrame() >= 0) {
                    node.put("first_broken_frame", c.firstBrokenFrame());
                } else {
                    node.putNull("first_broken_frame");
                }
                node.put("min_count", c.minCount());
                node.put("max_count", c.maxCount());
                Json.print(o, node);
            } else {
                o.printf(Locale.ROOT, "%d frame(s), %d centre atoms: %s%n", c.frames().size(),
                        c.frames().get(0).centres(), c.brokenFrames() == 0
                                ? "every centre has " + expected + " neighbours within " + rcut + " Å in every frame"
                                : c.brokenFrames() + " frame(s) with a broken polyhedron, the first is frame "
                                        + c.firstBrokenFrame() + "; coordination ranged " + c.minCount() + "–"
                                        + c.maxCount());
                o.flush();
            }
            return 0;
        }
    }

    @Command(name = "msd", mixinStandardHelpOptions = true,
            description = {"Mean-squared displacement of one species over all time origins (or a stride), from "
                    + "UNWRAPPED positions with the centre-of-mass drift removed; tracer D = slope/6 and, given a "
                    + "temperature, the Nernst-Einstein conductivity.",
                    "Frame times: --dt-fs gives the spacing; otherwise each frame's info is read: time_fs (fs), "
                            + "time_ps (ps), time/Time (unit from --time-unit, or for a LAMMPS dump with ITEM: TIME "
                            + "from its ITEM: UNITS: metal = ps, real = fs), or timestep (LAMMPS dump) times "
                            + "--timestep-fs. Frames must be equally spaced.",
                    "The D error is the least-squares standard error of the slope; MSD points are correlated, so "
                            + "it is optimistic (a lower bound)."})
    static final class MsdCommand implements Callable<Integer> {
        @Parameters(paramLabel = "TRAJ", description = "Trajectory with unwrapped coordinates (extxyz, LAMMPS dump).")
        Path file;

        @Option(names = "--from", paramLabel = "FORMAT", description = "Input format (default: from the file name).")
        String format;

        @Option(names = "--species", required = true, description = "Mobile element, e.g. Li.")
        String species;

        @Option(names = "--charge", defaultValue = "1", description = "Ion charge number z (default ${DEFAULT-VALUE}).")
        double charge;

        @Option(names = "--temperature", paramLabel = "K", description = "Temperature for the conductivity.")
        Double temperature;

        @Option(names = "--dt-fs", paramLabel = "FS", description = "Time between frames in fs.")
        Double dtFs;

        @Option(names = "--timestep-fs", paramLabel = "FS",
                description = "MD step in fs, to turn a frame's 'timestep' number into a time.")
        Double timestepFs;

        @Option(names = "--time-unit", paramLabel = "fs|ps", description = "Unit of a frame's 'time'/'Time' value.")
        String timeUnit;

        @Option(names = "--max-lag-fs", paramLabel = "FS",
                description = "Largest lag (default: half the trajectory).")
        Double maxLagFs;

        @Option(names = "--origin-stride", defaultValue = "1",
                description = "Use every N-th frame as a time origin (default ${DEFAULT-VALUE}).")
        int originStride;

        @Option(names = "--fit-from", paramLabel = "FS", description = "Fit window start (default 20% of max lag).")
        Double fitFrom;

        @Option(names = "--fit-to", paramLabel = "FS", description = "Fit window end (default 80% of max lag).")
        Double fitTo;

        @Option(names = "--blocks", paramLabel = "N",
                description = "Also report D as the mean over N consecutive trajectory blocks with the standard "
                        + "error of that mean (a realistic error; each block must be longer than the max lag).")
        Integer blocks;

        @Option(names = "--out", required = true, paramLabel = "CSV", description = "CSV file (t_fs, msd_A2).")
        Path out;

        @Option(names = "--json", description = "Print one JSON summary object.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (kiseki.structure.PeriodicTable.bySymbol(species).isEmpty()) {
                throw new IllegalArgumentException("unknown element '" + species + "'");
            }
            String symbol = kiseki.structure.PeriodicTable.require(species).symbol();
            Msd msd = new Msd(symbol);
            StructureFormat f = trajectoryFormat(file, format);
            FrameTimes times = new FrameTimes(timestepFs, timeUnit,
                    "give the frame spacing with --dt-fs (or --time-unit fs|ps for 'time', --timestep-fs for "
                            + "'timestep')");
            try (FrameReader r = f.open(file, ReadOptions.DEFAULT)) {
                for (Frame frame = r.next(); frame != null; frame = r.next()) {
                    if (dtFs == null) {
                        times.add(frame.info());
                    }
                    msd.add(frame.structure());
                }
            }
            if (msd.frames() < 2) {
                throw new IllegalArgumentException(file + " holds " + msd.frames() + " frame(s); the MSD needs at "
                        + "least 2");
            }
            double dt = dtFs != null ? dtFs : times.spacingFs();
            MsdAnalysis a = MsdAnalysis.of(msd, dt, maxLagFs, originStride, fitFrom, fitTo, blocks);
            Diffusion d = a.diffusion();
            AtomicFiles.write(out, a::writeCsv);
            ObjectNode node = Json.object();
            node.put("file", file.toString());
            node.put("species", symbol);
            node.put("ions", msd.ions());
            node.put("frames", msd.frames());
            node.put("dt_fs", dt);
            node.put("fit_from_fs", a.fitFromFs());
            node.put("fit_to_fs", a.fitToFs());
            node.put("fit_points", d.fit().points());
            node.put("D_A2_fs", d.dA2PerFs());
            node.put("D_cm2_s", d.dCm2PerS());
            node.put("D_err_cm2_s", d.dErrCm2PerS());
            if (a.blocks() != null) {
                node.put("blocks", blocks);
                node.put("D_block_mean_cm2_s", a.blocks().meanCm2PerS());
                node.put("D_block_err_cm2_s", a.blocks().errorCm2PerS());
            }
            if (a.hasDensity()) {
                node.put("number_density_per_A3", a.numberDensity());
            }
            if (temperature != null) {
                node.put("temperature_K", temperature);
                node.put("charge", charge);
                node.put("sigma_S_cm", a.sigma(charge, temperature));
                node.put("sigma_err_S_cm", a.sigmaError(charge, temperature));
            }
            node.put("out", out.toString());
            PrintWriter o = spec.commandLine().getOut();
            if (json) {
                Json.print(o, node);
            } else {
                o.printf(Locale.ROOT, "%s: %d ions, %d frames, dt %.6g fs; fit %.6g..%.6g fs%n", symbol, msd.ions(),
                        msd.frames(), dt, a.fitFromFs(), a.fitToFs());
                o.printf(Locale.ROOT, "D = %.4e ± %.1e cm²/s (OLS error, optimistic)%n", d.dCm2PerS(),
                        d.dErrCm2PerS());
                if (node.has("D_block_err_cm2_s")) {
                    o.printf(Locale.ROOT, "D over %d blocks = %.4e ± %.1e cm²/s%n", blocks,
                            node.get("D_block_mean_cm2_s").asDouble(), node.get("D_block_err_cm2_s").asDouble());
                }
                if (node.has("sigma_S_cm")) {
                    o.printf(Locale.ROOT, "sigma (Nernst-Einstein, %.1f K) = %.4e S/cm%n", temperature,
                            node.get("sigma_S_cm").asDouble());
                }
                o.printf("MSD written to %s%n", out);
                o.flush();
            }
            return 0;
        }
    }

    @Command(name = "arrhenius", mixinStandardHelpOptions = true,
            description = "Fit ln(sigma*T) against 1000/T: activation energy (eV) with its standard error, prefactor "
                    + "A (S K/cm) of sigma*T = A exp(-Ea/kT), and extrapolations (linear, and quadratic log10 sigma "
                    + "in 1000/T with 3+ temperatures). Input: CSV with header columns T_K and sigma_S_cm.")
    static final class ArrheniusCommand implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "CSV with columns T_K, sigma_S_cm.")
        Path file;

        @Option(names = "--extrapolate", defaultValue = "298.15", paramLabel = "K",
                description = "Temperature to extrapolate to (default ${DEFAULT-VALUE}).")
        double extrapolate;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!(extrapolate > 0)) {
                throw new IllegalArgumentException("--extrapolate must be a positive temperature");
            }
            double[][] data = readCsv(file);
            Arrhenius fit = new Arrhenius(data[0], data[1]);
            ObjectNode node = Json.object();
            node.put("file", file.toString());
            node.put("points", fit.points());
            node.put("Ea_eV", fit.activationEnergyEv());
            node.put("Ea_log10_eV", fit.activationEnergyLog10Ev());
            putNumber(node, "Ea_err_eV", fit.activationEnergyErrorEv());
            node.put("prefactor", fit.prefactor());
            node.put("prefactor_unit", "S K/cm");
            node.put("T_K", extrapolate);
            node.put("sigma_linear_S_cm", fit.sigmaLinear(extrapolate));
            putNumber(node, "sigma_quadratic_S_cm", fit.sigmaQuadratic(extrapolate));
            PrintWriter o = spec.commandLine().getOut();
            if (json) {
                Json.print(o, node);
            } else {
                o.printf(Locale.ROOT, "Ea = %.4f ± %.4f eV from %d temperatures; A = %.4e S K/cm%n",
                        fit.activationEnergyEv(), fit.activationEnergyErrorEv(), fit.points(), fit.prefactor());
                o.printf(Locale.ROOT, "sigma(%.2f K): linear %.4e S/cm, quadratic %s%n", extrapolate,
                        fit.sigmaLinear(extrapolate), fit.hasQuadratic()
                                ? String.format(Locale.ROOT, "%.4e S/cm", fit.sigmaQuadratic(extrapolate))
                                : "needs 3+ temperatures");
                o.flush();
            }
            return 0;
        }

        private static void putNumber(ObjectNode node, String key, double v) {
            if (Double.isFinite(v)) {
                node.put(key, v);
            } else {
                node.putNull(key);
            }
        }

        /** Reads T_K and sigma_S_cm columns; blank lines and lines starting with # are skipped. */
        static double[][] readCsv(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new java.nio.file.NoSuchFileException(file.toString());
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            int tCol = -1;
            int sCol = -1;
            int columns = 0;
            List<double[]> rows = new ArrayList<>();
            for (int ln = 0; ln < lines.size(); ln++) {
                String line = lines.get(ln).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (tCol < 0) {
                    columns = cells.length;
                    for (int c = 0; c < cells.length; c++) {
                        String h = cells[c].strip();
                        if (h.equals("T_K")) {
                            tCol = c;
                        } else if (h.equals("sigma_S_cm")) {
                            sCol = c;
                        }
                    }
                    if (tCol < 0 || sCol < 0) {
                        throw new FormatException(file, ln + 1, "the header needs columns T_K and sigma_S_cm, "
                                + "found '" + line + "'");
                    }
                    continue;
                }
                if (cells.length != columns) {
                    throw new FormatException(file, ln + 1, "expected " + columns + " values, found "
                            + cells.length);
                }
                String where = file.toString();
                double t = kiseki.io.Numbers.parseDouble(cells[tCol].strip(), "temperature T_K", where, ln + 1);
                double s = kiseki.io.Numbers.parseDouble(cells[sCol].strip(), "conductivity sigma_S_cm", where,
                        ln + 1);
                if (!(t > 0) || !(s > 0) || !Double.isFinite(t) || !Double.isFinite(s)) {
                    throw new FormatException(file, ln + 1, "T_K and sigma_S_cm must be positive, got " + t
                            + " and " + s);
                }
                rows.add(new double[] {t, s});
            }
            if (rows.size() < 2) {
                throw new FormatException(file, lines.size(), "an Arrhenius fit needs at least 2 data rows, found "
                        + rows.size());
            }
            double[][] out = new double[2][rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                out[0][i] = rows.get(i)[0];
                out[1][i] = rows.get(i)[1];
            }
            return out;
        }
    }
}
