package kiseki.app.structure;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import kiseki.app.Background;
import kiseki.app.Workbench;
import kiseki.io.ExtxyzFormat;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormat;
import kiseki.io.StructureFormats;
import kiseki.io.Units;
import kiseki.io.WriteOptions;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.MinimumDistance;
import kiseki.structure.Perturbations;
import kiseki.structure.Structure;
import kiseki.structure.Supercells;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * State of the Structure tab: the structure shown, its cell and atom tables, and the actions import, supercell and
 * perturb. With a project open every result is stored in it (structures/ folder) with its provenance; without one
 * the structure is only shown. Holds no JavaFX nodes (tested without a screen).
 */
public final class StructureModel {

    /** One label/value row of the cell table. */
    public record Row(String property, String value) {
    }

    /** One row of the atom table (Cartesian Å and fractional coordinates). */
    public record AtomRow(int index, String element, double x, double y, double z, double fa, double fb, double fc) {
    }

    private final Workbench workbench;
    private final ReadOnlyObjectWrapper<Structure> structure = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Artefact> artefact = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();
    private final ReadOnlyIntegerWrapper generated = new ReadOnlyIntegerWrapper();
    private final ObservableList<Row> cellRows = FXCollections.observableArrayList();
    private final ObservableList<AtomRow> atoms = FXCollections.observableArrayList();

    public StructureModel(Workbench workbench) {
        this.workbench = workbench;
        title.set(workbench.text("structure.none"));
    }

    public ReadOnlyObjectProperty<Structure> structureProperty() {
        return structure.getReadOnlyProperty();
    }

    public Structure structure() {
        return structure.get();
    }

    /** The project artefact of the structure shown (null when it is not in a project). */
    public ReadOnlyObjectProperty<Artefact> artefactProperty() {
        return artefact.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** Number of configurations made by the last perturbation. */
    public ReadOnlyIntegerProperty generatedProperty() {
        return generated.getReadOnlyProperty();
    }

    public ObservableList<Row> cellRows() {
        return cellRows;
    }

    public ObservableList<AtomRow> atoms() {
        return atoms;
    }

    /** Reads a structure file (CIF, POSCAR, extxyz, …), adds it to the open project and shows it. */
    public Background.Task importFile(Path file, Consumer<Artefact> then) {
        return workbench.background().submit(workbench.text("task.import", file.getFileName()), () -> {
            Frame frame = read(file);
            Project p = workbench.project();
            Artefact a = null;
            if (p != null) {
                Map<String, Object> params = new LinkedHashMap<>();
                params.put("source", file.toAbsolutePath().toString());
                params.put("formula", frame.structure().composition().formula());
                params.put("atoms", frame.structure().size());
                a = p.addFile(ArtefactKind.STRUCTURE, file, null, params, null);
            }
            return new Shown(frame, a, file.getFileName().toString());
        }, shown -> {
            show(shown);
            workbench.info(workbench.text("log.imported", shown.name, shown.frame.structure().composition().formula(),
                    shown.frame.structure().size()));
            for (String w : shown.frame.warnings()) {
                workbench.log(Workbench.Level.WARNING, shown.name + ": " + w);
            }
            if (shown.artefact != null) {
                workbench.projectChanged();
            }
            then.accept(shown.artefact);
        }, t -> workbench.error(workbench.text("error.import", file.getFileName()), t));
    }

    /** Shows a structure artefact of the project (its first frame). */
    public Background.Task openArtefact(Artefact a) {
        Path file = workbench.requireProject().resolve(a);
        return workbench.background().submit(workbench.text("task.import", a.name()),
                () -> new Shown(read(file), a, a.name()), this::show,
                t -> workbench.error(workbench.text("error.import", a.name()), t));
    }

    private record Shown(Frame frame, Artefact artefact, String name) {
    }

    private static Frame read(Path file) throws Exception {
        StructureFormat format = StructureFormats.forPath(file).orElseThrow(() -> new IllegalArgumentException(
                file.getFileName() + ": unknown structure format (known: " + StructureFormats.names() + ")"));
        return format.readFirst(file, ReadOptions.DEFAULT);
    }

    private void show(Shown shown) {
        Structure s = shown.frame.structure();
        structure.set(s);
        artefact.set(shown.artefact);
        title.set(workbench.text("structure.title", shown.name, s.composition().formula(), s.size()));
        cellRows.setAll(summary(s));
        List<AtomRow> rows = new ArrayList<>(s.size());
        double[] frac = s.hasLattice() ? s.fractionalPositions() : null;
        double[] r = s.positions();
        for (int i = 0; i < s.size(); i++) {
            rows.add(new AtomRow(i + 1, s.element(i).symbol(), r[3 * i], r[3 * i + 1], r[3 * i + 2],
                    frac == null ? Double.NaN : frac[3 * i], frac == null ? Double.NaN : frac[3 * i + 1],
                    frac == null ? Double.NaN : frac[3 * i + 2]));
        }
        atoms.setAll(rows);
    }

    List<Row> summary(Structure s) {
        List<Row> out = new ArrayList<>();
        out.add(new Row(workbench.text("cell.formula"), s.composition().formula() + " (" + s.composition()
                .reducedFormula() + ")"));
        out.add(new Row(workbench.text("cell.atoms"), Integer.toString(s.size())));
        StringBuilder counts = new StringBuilder();
        s.composition().counts().forEach((e, n) -> counts.append(counts.length() > 0 ? ", " : "").append(e.symbol())
                .append(' ').append(n));
        out.add(new Row(workbench.text("cell.elements"), counts.toString()));
        if (s.hasLattice()) {
            Lattice l = s.lattice();
            out.add(new Row(workbench.text("cell.lengths"),
                    String.format(Locale.ROOT, "%.5f, %.5f, %.5f", l.a(), l.b(), l.c())));
            out.add(new Row(workbench.text("cell.angles"),
                    String.format(Locale.ROOT, "%.3f, %.3f, %.3f", l.alpha(), l.beta(), l.gamma())));
            out.add(new Row(workbench.text("cell.volume"), String.format(Locale.ROOT, "%.3f", l.volume())));
            out.add(new Row(workbench.text("cell.density"), String.format(Locale.ROOT, "%.4f",
                    s.totalMass() / l.volume() * Units.AMU_PER_A3_TO_G_PER_CM3)));
        }
        MinimumDistance md = MinimumDistance.of(s);
        if (Double.isFinite(md.distance())) {
            out.add(new Row(workbench.text("cell.closest"), String.format(Locale.ROOT, "%.4f (%s–%s)", md.distance(),
                    s.element(md.atomA()).symbol(), s.element(md.atomB()).symbol())));
        }
        return out;
    }

    /** Atoms of the supercell {@code t} of the structure shown (live count in the dialog); 0 when invalid. */
    public long supercellAtoms(int[][] t) {
        Structure s = structure.get();
        if (s == null) {
            return 0;
        }
        long det = Supercells.determinant(t);
        return det > 0 ? det * s.size() : 0;
    }

    /** Builds the supercell {@code t} (rows in units of a, b, c), stores it in the project and shows it. */
    public Background.Task supercell(int[][] t, Consumer<Artefact> then) {
        Structure s = requireStructure();
        Artefact parent = artefact.get();
        String label = label(t);
        String name = baseName() + "-" + label;
        return workbench.background().submit(workbench.text("task.supercell", label), () -> {
            Structure big = Supercells.transform(s, t);
            Frame frame = new Frame(big);
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("supercell", label);
            params.put("atoms", big.size());
            Artefact a = store(List.of(frame), name, params, parent);
            return new Shown(frame, a, name);
        }, shown -> {
            show(shown);
            workbench.info(workbench.text("log.supercell", label, shown.frame.structure().size()));
            workbench.projectChanged();
            then.accept(shown.artefact);
        }, e -> workbench.error(workbench.text("error.supercell"), e));
    }

    /**
     * Generates randomly displaced (and optionally strained) copies of the structure shown and stores them as one
     * multi-frame extxyz structure set, ready for labelling. The structure shown does not change.
     */
    public Background.Task perturb(Perturbations.Settings settings, Consumer<Artefact> then) {
        Structure s = requireStructure();
        Artefact parent = artefact.get();
        String name = baseName() + "-perturbed-" + settings.count();
        return workbench.background().run(workbench.text("task.perturb", settings.count()), context -> {
            context.progress(-1, workbench.text("task.perturb", settings.count()));
            List<Structure> list = Perturbations.generate(s, settings);
            List<Frame> frames = list.stream().map(Frame::new).toList();
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("count", settings.count());
            params.put("min_displacement_A", settings.minDisplacement());
            params.put("max_displacement_A", settings.maxDisplacement());
            params.put("max_strain", settings.maxStrain());
            params.put("seed", settings.seed());
            params.put("frames", frames.size());
            return store(frames, name, params, parent);
        }, a -> {
            generated.set(settings.count());
            workbench.info(workbench.text("log.perturbed", settings.count(), name));
            workbench.projectChanged();
            then.accept(a);
        }, e -> workbench.error(workbench.text("error.perturb"), e));
    }

    private Structure requireStructure() {
        Structure s = structure.get();
        if (s == null) {
            throw new IllegalStateException(workbench.text("structure.none"));
        }
        return s;
    }

    private String baseName() {
        Artefact a = artefact.get();
        if (a != null) {
            return a.name();
        }
        return structure.get().composition().reducedFormula();
    }

    /** Writes frames as extxyz into the project (or a scratch file when no project is open). */
    private Artefact store(List<Frame> frames, String name, Map<String, Object> params, Artefact parent)
            throws Exception {
        Project p = workbench.project();
        Path tmp = Workbench.scratch("kiseki-structure").resolve(name + ".extxyz");
        ExtxyzFormat format = (ExtxyzFormat) StructureFormats.require("extxyz");
        format.write(tmp, frames, WriteOptions.DEFAULT);
        if (p == null) {
            return null;
        }
        try {
            return p.addFile(ArtefactKind.STRUCTURE, tmp, name, params, parent == null ? null : List.of(parent.id()));
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(tmp.getParent());
        }
    }

    static String label(int[][] t) {
        boolean diagonal = t[0][1] == 0 && t[0][2] == 0 && t[1][0] == 0 && t[1][2] == 0 && t[2][0] == 0
                && t[2][1] == 0;
        if (diagonal) {
            return t[0][0] + "x" + t[1][1] + "x" + t[2][2];
        }
        StringBuilder sb = new StringBuilder("m");
        for (int[] row : t) {
            for (int v : row) {
                sb.append(v < 0 ? "n" + (-v) : Integer.toString(v));
            }
        }
        return sb.toString();
    }
}
