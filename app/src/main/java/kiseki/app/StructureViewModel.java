package kiseki.app;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormat;
import kiseki.io.StructureFormats;
import kiseki.structure.Frame;
import kiseki.structure.Lattice;
import kiseki.structure.MinimumDistance;
import kiseki.structure.Structure;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * State of the structure panel: which file is open, its summary rows, and any error. Holds no JavaFX nodes, so it is
 * tested without a screen.
 */
public final class StructureViewModel {

    /** One label/value row of the summary table. */
    public record Row(String property, String value) {
    }

    private final Background background;
    private final ReadOnlyObjectWrapper<Structure> structure = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("No structure open");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<Row> rows = FXCollections.observableArrayList();

    public StructureViewModel(Background background) {
        this.background = background;
    }

    /** Reads the file in the background; the properties change on the UI thread when it is done. */
    public void open(Path file, boolean orderDisorder) {
        busy.set(true);
        error.set("");
        background.submit(() -> read(file, orderDisorder), frame -> {
            busy.set(false);
            show(file, frame);
        }, t -> {
            busy.set(false);
            error.set(t.getMessage() == null ? t.toString() : t.getMessage());
        });
    }

    private static Frame read(Path file, boolean orderDisorder) throws Exception {
        StructureFormat format = StructureFormats.forPath(file).orElseThrow(() -> new IllegalArgumentException(
                "Kiseki does not know the format of " + file.getFileName() + " (known: " + StructureFormats.names()
                        + ")"));
        return format.readFirst(file, ReadOptions.DEFAULT.withOrderDisorder(orderDisorder));
    }

    private void show(Path file, Frame frame) {
        Structure s = frame.structure();
        structure.set(s);
        title.set(file.getFileName() + " — " + s.composition().formula());
        rows.setAll(summary(s));
        if (!frame.warnings().isEmpty()) {
            rows.add(new Row("Warnings", String.join("; ", frame.warnings())));
        }
    }

    static List<Row> summary(Structure s) {
        java.util.ArrayList<Row> out = new java.util.ArrayList<>();
        out.add(new Row("Formula", s.composition().formula() + " (" + s.composition().reducedFormula() + ")"));
        out.add(new Row("Atoms", Integer.toString(s.size())));
        StringBuilder counts = new StringBuilder();
        s.composition().counts().forEach((e, n) -> counts.append(counts.length() > 0 ? ", " : "").append(e.symbol())
                .append(' ').append(n));
        out.add(new Row("Elements", counts.toString()));
        if (s.hasLattice()) {
            Lattice l = s.lattice();
            out.add(new Row("a, b, c (Å)", String.format(Locale.ROOT, "%.5f, %.5f, %.5f", l.a(), l.b(), l.c())));
            out.add(new Row("α, β, γ (°)",
                    String.format(Locale.ROOT, "%.3f, %.3f, %.3f", l.alpha(), l.beta(), l.gamma())));
            out.add(new Row("Volume (Å³)", String.format(Locale.ROOT, "%.3f", l.volume())));
            out.add(new Row("Density (g/cm³)", String.format(Locale.ROOT, "%.4f",
                    s.totalMass() / l.volume() * kiseki.io.Units.AMU_PER_A3_TO_G_PER_CM3)));
        }
        MinimumDistance md = MinimumDistance.of(s);
        if (Double.isFinite(md.distance())) {
            out.add(new Row("Closest pair (Å)", String.format(Locale.ROOT, "%.4f (%s–%s)", md.distance(),
                    s.element(md.atomA()).symbol(), s.element(md.atomB()).symbol())));
        }
        return out;
    }

    public ReadOnlyObjectProperty<Structure> structureProperty() {
        return structure.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ObservableList<Row> rows() {
        return rows;
    }
}
