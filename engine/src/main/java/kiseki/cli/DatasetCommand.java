package kiseki.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kiseki.dataset.DatasetSplit;
import kiseki.dataset.DatasetStats;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code kiseki dataset ...}: inspect and split training datasets (extended XYZ files of labelled frames). */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Inspect and split training datasets (extended XYZ files with DFT energies and forces).",
        subcommands = {DatasetCommand.Info.class, DatasetCommand.Split.class})
final class DatasetCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Frames, atoms, elements, energy per atom, force statistics and a force histogram of a "
                    + "dataset, in one pass over the file.")
    static final class Info implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Dataset file (extended XYZ).")
        Path file;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            StructureCommand.requireFile(file);
            DatasetStats stats = DatasetStats.of(file);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Json.print(out, toJson(stats));
            } else {
                printText(out, stats);
            }
            return 0;
        }
    }

    static ObjectNode toJson(DatasetStats s) {
        ObjectNode o = Json.object();
        o.put("file", s.file().toString());
        o.put("frames", s.frames());
        o.put("atoms", s.atoms());
        ObjectNode elements = o.putObject("elements");
        s.elements().forEach(elements::put);
        ArrayNode list = o.putArray("elements_list");
        s.elements().keySet().forEach(list::add);
        o.put("frames_with_energy", s.framesWithEnergy());
        o.put("frames_with_forces", s.framesWithForces());
        o.put("frames_with_stress", s.framesWithStress());
        ObjectNode perAtom = o.putObject("energy_per_atom_ev");
        putNumber(perAtom, "min", s.energyPerAtom().min());
        putNumber(perAtom, "max", s.energyPerAtom().max());
        putNumber(perAtom, "mean", s.energyPerAtom().mean());
        putNumber(perAtom, "std", s.energyPerAtom().std());
        ObjectNode energy = o.putObject("energy_ev");
        putNumber(energy, "min", s.energy().min());
        putNumber(energy, "max", s.energy().max());
        putNumber(o, "max_force_ev_a", s.maxForce());
        if (s.maxForceFrame() > 0) {
            ObjectNode at = o.putObject("max_force_at");
            at.put("frame", s.maxForceFrame());
            at.put("atom", s.maxForceAtom());
        } else {
            o.putNull("max_force_at");
        }
        putNumber(o, "rms_force_ev_a", s.rmsForceComponent());
        ObjectNode histogram = o.putObject("force_histogram");
        putNumber(histogram, "bin_width_ev_a", s.forceHistogram().binWidth());
        ArrayNode counts = histogram.putArray("counts");
        s.forceHistogram().counts().forEach(counts::add);
        ObjectNode volume = o.putObject("cell_volume_a3");
        putNumber(volume, "min", s.cellVolume().min());
        putNumber(volume, "max", s.cellVolume().max());
        ObjectNode natoms = o.putObject("natoms");
        natoms.put("min", s.minAtoms());
        natoms.put("max", s.maxAtoms());
        return o;
    }

    /** A number, or null where the dataset has no such quantity (JSON has no NaN). */
    private static void putNumber(ObjectNode o, String key, double value) {
        if (Double.isFinite(value)) {
            o.put(key, value);
        } else {
            o.putNull(key);
        }
    }

    static void printText(PrintWriter out, DatasetStats s) {
        out.printf(Locale.ROOT, "File:          %s%n", s.file());
        out.printf(Locale.ROOT, "Frames:        %,d (with energy %,d, forces %,d, stress %,d)%n", s.frames(),
                s.framesWithEnergy(), s.framesWithForces(), s.framesWithStress());
        String perFrame = s.minAtoms() == s.maxAtoms() ? s.minAtoms() + " per frame"
                : s.minAtoms() + " to " + s.maxAtoms() + " per frame";
        out.printf(Locale.ROOT, "Atoms:         %,d (%s)%n", s.atoms(), perFrame);
        StringBuilder elements = new StringBuilder();
        for (Map.Entry<String, Long> e : s.elements().entrySet()) {
            if (!elements.isEmpty()) {
                elements.append(", ");
            }
            elements.append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%,d", e.getValue()));
        }
        out.printf(Locale.ROOT, "Elements:      %s%n", elements.isEmpty() ? "none" : elements);
        DatasetStats.Summary epa = s.energyPerAtom();
        if (epa.count() > 0) {
            out.printf(Locale.ROOT, "Energy/atom:   %.6f to %.6f eV/atom (mean %.6f, std %.6f)%n", epa.min(),
                    epa.max(), epa.mean(), epa.std());
            out.printf(Locale.ROOT, "Energy:        %.6f to %.6f eV%n", s.energy().min(), s.energy().max());
        } else {
            out.println("Energy:        none");
        }
        if (s.maxForceFrame() > 0) {
            out.printf(Locale.ROOT, "Max |F|:       %.4f eV/Å (frame %d, atom %d)%n", s.maxForce(),
                    s.maxForceFrame(), s.maxForceAtom());
            out.printf(Locale.ROOT, "RMS force:     %.4f eV/Å per component%n", s.rmsForceComponent());
        } else {
            out.println("Forces:        none");
        }
        DatasetStats.Summary v = s.cellVolume();
        if (v.count() > 0) {
            out.printf(Locale.ROOT, v.min() == v.max() ? "Cell volume:   %.3f Å³%n" : "Cell volume:   %.3f to %.3f Å³%n",
                    v.min(), v.max());
        }
        DatasetStats.Histogram h = s.forceHistogram();
        if (h.total() > 0 && h.binWidth() > 0) {
            out.printf(Locale.ROOT, "|F| histogram (eV/Å, atoms):%n");
            List<Long> counts = h.counts();
            long most = counts.stream().mapToLong(Long::longValue).max().orElse(1);
            for (int k = 0; k < counts.size(); k++) {
                int bar = (int) Math.round(40.0 * counts.get(k) / most);
                out.printf(Locale.ROOT, "  %7.3f – %7.3f %9d %s%n", k * h.binWidth(), (k + 1) * h.binWidth(),
                        counts.get(k), "#".repeat(bar));
            }
        }
        out.flush();
    }

    @Command(name = "split", mixinStandardHelpOptions = true,
            description = "Split a dataset into training and validation files, reproducibly: the same file, "
                    + "fraction and seed always give the same split. Frames are copied unchanged, in file order.")
    static final class Split implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Dataset file (extended XYZ).")
        Path file;

        @Option(names = "--valid-fraction", paramLabel = "F", defaultValue = "0.1",
                description = "Share of frames for validation, at least 0 and below 1 (default: ${DEFAULT-VALUE}).")
        double validFraction;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
                description = "Random seed of the split (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--train", paramLabel = "OUT", required = true, description = "Training frames file to write.")
        Path train;

        @Option(names = "--valid", paramLabel = "OUT", required = true,
                description = "Validation frames file to write.")
        Path valid;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            StructureCommand.requireFile(file);
            DatasetSplit.Split split = DatasetSplit.write(file, validFraction, seed, train, valid);
            PrintWriter out = spec.commandLine().getOut();
            int frames = split.trainCount() + split.validCount();
            if (json) {
                ObjectNode o = Json.object();
                o.put("file", file.toString());
                o.put("frames", frames);
                o.put("valid_fraction", validFraction);
                o.put("seed", seed);
                ObjectNode t = o.putObject("train");
                t.put("file", train.toString());
                t.put("frames", split.trainCount());
                ObjectNode v = o.putObject("valid");
                v.put("file", valid.toString());
                v.put("frames", split.validCount());
                Json.print(out, o);
            } else {
                out.printf(Locale.ROOT, "%s: %,d frames split with seed %d%n", file, frames, seed);
                out.printf(Locale.ROOT, "  training:   %,d frames -> %s%n", split.trainCount(), train);
                out.printf(Locale.ROOT, "  validation: %,d frames -> %s%n", split.validCount(), valid);
                out.flush();
            }
            return 0;
        }
    }
}
