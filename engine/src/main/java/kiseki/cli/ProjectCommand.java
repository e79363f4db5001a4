package kiseki.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kiseki.io.StructureFormat;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import kiseki.structure.Frame;
import kiseki.structure.Structure;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code kiseki project ...}: create and inspect Kiseki projects. */
@Command(name = "project", mixinStandardHelpOptions = true, description = "Create and inspect Kiseki projects.",
        subcommands = {ProjectCommand.New.class, ProjectCommand.AddStructure.class, ProjectCommand.Show.class})
final class ProjectCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "new", mixinStandardHelpOptions = true, description = "Create a new, empty project folder.")
    static final class New implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Project folder (created; must be new or empty).")
        Path dir;

        @Option(names = "--name", required = true, description = "Project name shown in the workbench.")
        String name;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Project p = Project.create(dir, name);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Json.print(out, describe(p));
            } else {
                out.printf("Created project '%s' in %s%n", p.name(), p.dir());
            }
            return 0;
        }
    }

    @Command(name = "add-structure", mixinStandardHelpOptions = true,
            description = "Check a structure file and copy it into the project's structures/ folder.")
    static final class AddStructure implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "Project folder.")
        Path dir;

        @Parameters(index = "1", paramLabel = "FILE", description = "Structure file (CIF, POSCAR, extxyz, ...).")
        Path file;

        @Option(names = "--name", description = "Name in the project (default: the file name without extension).")
        String name;

        @Option(names = "--parent", paramLabel = "ID",
                description = "Id of an artefact this structure was made from (repeatable); recorded as provenance.")
        List<String> parents = new java.util.ArrayList<>();

        @CommandLine.Mixin
        StructureCommand.InputOptionsMixin input;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Project p = Project.open(dir);
            // read it first: a file Kiseki cannot read never enters the project
            StructureFormat format = input.options.format(file);
            Frame frame = input.options.readFirst(file);
            Structure s = frame.structure();
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("source", file.toAbsolutePath().normalize().toString());
            params.put("format", format.name());
            params.put("formula", s.composition().formula());
            params.put("natoms", s.size());
            if (format.multiFrame()) {
                params.put("frames", countFrames(format, file, input.options.readOptions()));
            }
            if (input.options.orderDisorder) {
                params.put("order_disorder", true);
            }
            if (!input.options.types.isEmpty()) {
                params.put("types", List.copyOf(input.options.types));
            }
            if (!frame.warnings().isEmpty()) {
                params.put("warnings", List.copyOf(frame.warnings()));
            }
            Artefact a = p.addFile(ArtefactKind.STRUCTURE, file, name, params, parents);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Json.print(out, artefactJson(a));
            } else {
                out.printf(Locale.ROOT, "Added %s (%s, %d atoms) as %s: %s%n", a.name(), s.composition().formula(),
                        s.size(), a.id(), a.path());
                for (String w : frame.warnings()) {
                    out.println("Warning: " + w);
                }
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "List a project's artefacts and what each was made from.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Project folder.")
        Path dir;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Project p = Project.open(dir);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Json.print(out, describe(p));
                return 0;
            }
            out.printf("Project:   %s%n", p.name());
            out.printf("Folder:    %s%n", p.dir());
            out.printf("Created:   %s   modified: %s%n", p.created(), p.modified());
            List<Artefact> all = p.artefacts();
            if (all.isEmpty()) {
                out.println("No artefacts yet (add one with: kiseki project add-structure DIR FILE).");
                return 0;
            }
            out.printf("%-22s %-10s %-24s %-36s %s%n", "ID", "KIND", "NAME", "PATH", "MADE FROM");
            for (Artefact a : all) {
                out.printf("%-22s %-10s %-24s %-36s %s%n", a.id(), a.kind().jsonName(), a.name(), a.path(),
                        a.parents().isEmpty() ? "-" : String.join(", ", a.parents()));
            }
            return 0;
        }
    }

    private static int countFrames(StructureFormat format, Path file, kiseki.io.ReadOptions options)
            throws IOException {
        int n = 0;
        try (kiseki.io.FrameReader r = format.open(file, options)) {
            while (r.next() != null) {
                n++;
            }
        }
        return n;
    }

    static ObjectNode describe(Project p) {
        ObjectNode o = Json.object();
        o.put("name", p.name());
        o.put("id", p.id());
        o.put("dir", p.dir().toString());
        o.put("schema_version", p.schemaVersion());
        o.put("created", p.created().toString());
        o.put("modified", p.modified().toString());
        ObjectNode counts = o.putObject("counts");
        for (ArtefactKind k : ArtefactKind.values()) {
            counts.put(k.jsonName(), p.artefacts(k).size());
        }
        ArrayNode arr = o.putArray("artefacts");
        for (Artefact a : p.artefacts()) {
            arr.add(artefactJson(a));
        }
        return o;
    }

    static ObjectNode artefactJson(Artefact a) {
        ObjectNode n = Json.object();
        n.put("id", a.id());
        n.put("kind", a.kind().jsonName());
        n.put("name", a.name());
        n.put("path", a.path());
        n.set("parameters", Json.MAPPER.valueToTree(a.parameters()));
        ArrayNode parents = n.putArray("parents");
        a.parents().forEach(parents::add);
        n.put("created", a.created().toString());
        return n;
    }
}
