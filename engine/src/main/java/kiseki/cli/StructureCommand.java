package kiseki.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kiseki.io.FrameReader;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormat;
import kiseki.io.StructureFormats;
import kiseki.io.Units;
import kiseki.io.WriteOptions;
import kiseki.structure.Composition;
import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.MinimumDistance;
import kiseki.structure.Perturbations;
import kiseki.structure.Structure;
import kiseki.structure.Supercells;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code kiseki structure ...}: inspect, convert and build structures. */
@Command(name = "structure", mixinStandardHelpOptions = true,
        description = "Inspect, convert and build crystal structures.",
        subcommands = {StructureCommand.Info.class, StructureCommand.Convert.class, StructureCommand.Supercell.class,
                StructureCommand.Perturb.class})
final class StructureCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reading options shared by the commands that read a structure. */
    static final class InputOptions {
        @Option(names = "--from", paramLabel = "FORMAT",
                description = "Input format (default: from the file name). One of: cif, extxyz, poscar, lammps-data, "
                        + "lammps-dump, qe-in, qe-out.")
        String from;

        @Option(names = "--order-disorder",
                description = "For CIF sites with partial occupancy, keep the majority species per site (with a "
                        + "warning) instead of refusing the file.")
        boolean orderDisorder;

        @Option(names = "--types", paramLabel = "EL,EL,...", split = ",",
                description = "Element of each LAMMPS atom type, in type order (e.g. Li,Ge,P,S).")
        List<String> types = new ArrayList<>();

        ReadOptions readOptions() {
            return new ReadOptions(orderDisorder, types);
        }

        StructureFormat format(Path file) {
            StructureFormat f = StructureFormats.resolve(file, from);
            if (!f.canRead()) {
                throw new IllegalArgumentException("Kiseki cannot read the " + f.name() + " format (" + file + ")");
            }
            return f;
        }

        Frame readFirst(Path file) throws IOException {
            requireFile(file);
            return format(file).readFirst(file, readOptions());
        }

        List<Frame> readAll(Path file) throws IOException {
            requireFile(file);
            return format(file).readAll(file, readOptions());
        }
    }

    static void requireFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder, not a structure file");
        }
    }

    static StructureFormat outputFormat(Path file, String to) {
        StructureFormat f = StructureFormats.resolve(file, to);
        if (!f.canWrite()) {
            throw new IllegalArgumentException("Kiseki cannot write the " + f.name() + " format (" + file + ")");
        }
        return f;
    }

    static void write(Path out, String to, List<Frame> frames) throws IOException {
        StructureFormat f = outputFormat(out, to);
        if (frames.size() > 1 && !f.multiFrame()) {
            throw new IllegalArgumentException("the " + f.name() + " format holds one structure but there are "
                    + frames.size() + "; write to .extxyz instead");
        }
        f.write(out, frames, WriteOptions.DEFAULT);
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Formula, cell, volume, density, composition and closest atom pair of a structure file.")
    static final class Info implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Structure file (CIF, extxyz, POSCAR, LAMMPS data, ...).")
        Path file;

        @CommandLine.Mixin
        InputOptionsMixin input;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            requireFile(file);
            StructureFormat format = input.options.format(file);
            Frame frame;
            int frames = 0;
            try (FrameReader r = format.open(file, input.options.readOptions())) {
                frame = r.next();
                if (frame == null) {
                    throw new kiseki.io.FormatException(file, 0, "the file holds no structure");
                }
                frames = 1;
                if (format.multiFrame()) {
                    while (r.next() != null) {
                        frames++;
                    }
                }
            }
            ObjectNode o = Json.object();
            o.put("file", file.toString());
            o.put("format", format.name());
            o.put("frames", frames);
            o.setAll(describe(frame.structure()));
            ArrayNode warnings = o.putArray("warnings");
            frame.warnings().forEach(warnings::add);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Json.print(out, o);
            } else {
                printText(out, o, frame.structure());
            }
            return 0;
        }
    }

    /** Picocli mixin wrapper so {@link InputOptions} can be shared. */
    static final class InputOptionsMixin {
        @CommandLine.ArgGroup(exclusive = false, heading = "Input%n")
        InputOptions options = new InputOptions();
    }

    static ObjectNode describe(Structure s) {
        ObjectNode o = Json.object();
        Composition comp = s.composition();
        o.put("formula", comp.formula());
        o.put("reduced_formula", comp.reducedFormula());
        o.put("natoms", s.size());
        ObjectNode elements = o.putObject("elements");
        for (Map.Entry<Element, Integer> e : comp.counts().entrySet()) {
            elements.put(e.getKey().symbol(), e.getValue());
        }
        if (s.hasLattice()) {
            Lattice l = s.lattice();
            ObjectNode lat = o.putObject("lattice");
            lat.put("a", l.a());
            lat.put("b", l.b());
            lat.put("c", l.c());
            lat.put("alpha", l.alpha());
            lat.put("beta", l.beta());
            lat.put("gamma", l.gamma());
            ArrayNode vectors = lat.putArray("vectors");
            for (int i = 0; i < 3; i++) {
                ArrayNode v = vectors.addArray();
                for (double x : l.vector(i)) {
                    v.add(x);
                }
            }
            o.put("volume", l.volume());
            o.put("density", s.totalMass() / l.volume() * Units.AMU_PER_A3_TO_G_PER_CM3);
        } else {
            o.putNull("lattice");
            o.putNull("volume");
            o.putNull("density");
        }
        ArrayNode pbc = o.putArray("pbc");
        for (boolean b : s.pbc()) {
            pbc.add(b);
        }
        MinimumDistance md = MinimumDistance.of(s);
        if (Double.isFinite(md.distance())) {
            o.put("min_distance", md.distance());
            ObjectNode pair = o.putObject("min_distance_pair");
            pair.put("i", md.atomA() + 1);
            pair.put("j", md.atomB() + 1);
            pair.put("elements", s.element(md.atomA()).symbol() + "-" + s.element(md.atomB()).symbol());
        } else {
            o.putNull("min_distance");
        }
        return o;
    }

    private static void printText(PrintWriter out, ObjectNode o, Structure s) {
        out.printf(Locale.ROOT, "File:       %s (%s, %d frame%s)%n", o.get("file").asText(), o.get("format").asText(),
                o.get("frames").asInt(), o.get("frames").asInt() == 1 ? "" : "s");
        out.printf(Locale.ROOT, "Formula:    %s (reduced %s)%n", o.get("formula").asText(),
                o.get("reduced_formula").asText());
        out.printf(Locale.ROOT, "Atoms:      %d%n", s.size());
        StringBuilder counts = new StringBuilder();
        o.get("elements").fields().forEachRemaining(e -> counts.append(counts.length() > 0 ? ", " : "")
                .append(e.getKey()).append(' ').append(e.getValue().asInt()));
        out.printf(Locale.ROOT, "Elements:   %s%n", counts);
        if (s.hasLattice()) {
            Lattice l = s.lattice();
            out.printf(Locale.ROOT, "Cell:       a = %.6f  b = %.6f  c = %.6f Å%n", l.a(), l.b(), l.c());
            out.printf(Locale.ROOT, "            α = %.4f  β = %.4f  γ = %.4f°%n", l.alpha(), l.beta(), l.gamma());
            out.printf(Locale.ROOT, "Volume:     %.4f Å³%n", l.volume());
            out.printf(Locale.ROOT, "Density:    %.4f g/cm³%n", o.get("density").asDouble());
        } else {
            out.println("Cell:       none (not periodic)");
        }
        if (o.hasNonNull("min_distance")) {
            out.printf(Locale.ROOT, "Closest:    %.4f Å (%s, atoms %d and %d)%n", o.get("min_distance").asDouble(),
                    o.get("min_distance_pair").get("elements").asText(), o.get("min_distance_pair").get("i").asInt(),
                    o.get("min_distance_pair").get("j").asInt());
        }
        for (var w : o.get("warnings")) {
            out.println("Warning:    " + w.asText());
        }
    }

    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = "Convert between formats (chosen from the file names, or --from/--to). All frames of a "
                    + "multi-frame file are converted when the output format holds several.")
    static final class Convert implements java.util.concurrent.Callable<Integer> {
        @Parameters(index = "0", paramLabel = "IN")
        Path in;

        @Parameters(index = "1", paramLabel = "OUT")
        Path out;

        @CommandLine.Mixin
        InputOptionsMixin input;

        @Option(names = "--to", paramLabel = "FORMAT", description = "Output format (default: from the file name).")
        String to;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            StructureFormat target = outputFormat(out, to);
            List<Frame> frames = target.multiFrame() ? input.options.readAll(in) : List.of(input.options.readFirst(in));
            write(out, to, frames);
            spec.commandLine().getErr().printf("Wrote %d structure%s to %s (%s)%n", frames.size(),
                    frames.size() == 1 ? "" : "s", out, target.name());
            return 0;
        }
    }

    @Command(name = "supercell", mixinStandardHelpOptions = true,
            description = "Build a supercell by diagonal repetition (--size 4x4x2) or an integer matrix.")
    static final class Supercell implements java.util.concurrent.Callable<Integer> {
        @Parameters(index = "0", paramLabel = "IN")
        Path in;

        @Parameters(index = "1", paramLabel = "OUT")
        Path out;

        @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Shape shape;

        static final class Shape {
            @Option(names = "--size", paramLabel = "NAxNBxNC", description = "Repetitions along a, b, c, e.g. 4x4x2.")
            String size;

            @Option(names = "--matrix", paramLabel = "\"9 integers\"",
                    description = "Rows of the new cell in units of the old vectors, e.g. \"2 0 0 0 2 0 0 0 2\".")
            String matrix;
        }

        @CommandLine.Mixin
        InputOptionsMixin input;

        @Option(names = "--to", paramLabel = "FORMAT", description = "Output format (default: from the file name).")
        String to;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            outputFormat(out, to);
            Structure s = input.options.readFirst(in).structure();
            Structure big;
            if (shape.size != null) {
                int[] n = Supercells.parseSize(shape.size);
                big = Supercells.repeat(s, n[0], n[1], n[2]);
            } else {
                big = Supercells.transform(s, Supercells.parseMatrix(shape.matrix));
            }
            write(out, to, List.of(new Frame(big)));
            spec.commandLine().getErr().printf(Locale.ROOT, "Wrote %s supercell, %d atoms, to %s%n",
                    big.composition().formula(), big.size(), out);
            return 0;
        }
    }

    @Command(name = "perturb", mixinStandardHelpOptions = true,
            description = "Randomly displaced copies of a structure (teacher data for training).")
    static final class Perturb implements java.util.concurrent.Callable<Integer> {
        @Parameters(index = "0", paramLabel = "IN")
        Path in;

        @Parameters(index = "1", paramLabel = "OUT", description = "Output, usually .extxyz (all structures in one file).")
        Path out;

        @Option(names = "--count", required = true, description = "Number of structures.")
        int count;

        @Option(names = "--min", defaultValue = "0.1", description = "Smallest displacement per atom, Å (default ${DEFAULT-VALUE}).")
        double min;

        @Option(names = "--max", defaultValue = "0.2", description = "Largest displacement per atom, Å (default ${DEFAULT-VALUE}).")
        double max;

        @Option(names = "--strain", defaultValue = "0", description = "Largest random cell strain component (default ${DEFAULT-VALUE}).")
        double strain;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--min-distance", defaultValue = "0.5",
                description = "Redraw a structure whose closest atom pair is nearer than this, Å (default ${DEFAULT-VALUE}; 0 = no check).")
        double minDistance;

        @CommandLine.Mixin
        InputOptionsMixin input;

        @Option(names = "--to", paramLabel = "FORMAT", description = "Output format (default: from the file name).")
        String to;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            outputFormat(out, to);
            Structure s = input.options.readFirst(in).structure();
            List<Structure> made = Perturbations.generate(s,
                    new Perturbations.Settings(count, min, max, strain, seed, minDistance));
            List<Frame> frames = new ArrayList<>(made.size());
            for (int k = 0; k < made.size(); k++) {
                Frame f = new Frame(made.get(k));
                f.info().put("perturbation", String.format(Locale.ROOT, "%d/%d min=%s max=%s strain=%s seed=%d",
                        k + 1, made.size(), min, max, strain, seed));
                frames.add(f);
            }
            write(out, to, frames);
            spec.commandLine().getErr().printf(Locale.ROOT, "Wrote %d perturbed structures (%s, %.3f–%.3f Å%s) to %s%n",
                    frames.size(), s.composition().formula(), min, max,
                    strain > 0 ? ", strain ≤ " + strain : "", out);
            return 0;
        }
    }

}
