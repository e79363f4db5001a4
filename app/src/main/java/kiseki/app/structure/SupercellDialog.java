package kiseki.app.structure;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import kiseki.app.Workbench;

/** Supercell by diagonal repetition or a 3×3 integer matrix, with a live atom count. */
final class SupercellDialog extends Dialog<int[][]> {

    private final Spinner<Integer> na = spinner("supercell-a");
    private final Spinner<Integer> nb = spinner("supercell-b");
    private final Spinner<Integer> nc = spinner("supercell-c");
    private final TextField[] matrix = new TextField[9];
    private final RadioButton diagonal;

    SupercellDialog(Workbench workbench, StructureModel model) {
        setTitle(workbench.text("supercell.title"));
        setHeaderText(workbench.text("supercell.header", model.structure().composition().formula(),
                model.structure().size()));
        ToggleGroup mode = new ToggleGroup();
        diagonal = new RadioButton(workbench.text("supercell.diagonal"));
        diagonal.setId("supercell-diagonal");
        RadioButton general = new RadioButton(workbench.text("supercell.matrix"));
        general.setId("supercell-matrix");
        diagonal.setToggleGroup(mode);
        general.setToggleGroup(mode);
        diagonal.setSelected(true);
        GridPane diag = new GridPane();
        diag.setHgap(6);
        diag.addRow(0, new Label("a ×"), na, new Label("b ×"), nb, new Label("c ×"), nc);
        diag.disableProperty().bind(general.selectedProperty());
        GridPane mat = new GridPane();
        mat.setHgap(4);
        mat.setVgap(4);
        for (int k = 0; k < 9; k++) {
            matrix[k] = new TextField(k % 4 == 0 ? "1" : "0");
            matrix[k].setPrefColumnCount(3);
            matrix[k].setId("supercell-m" + k);
            mat.add(matrix[k], k % 3, k / 3);
        }
        mat.disableProperty().bind(diagonal.selectedProperty());
        Label count = new Label();
        count.setId("supercell-count");
        count.textProperty().bind(Bindings.createStringBinding(() -> {
            int[][] t = current();
            long n = t == null ? 0 : model.supercellAtoms(t);
            return n > 0 ? workbench.text("supercell.count", n) : workbench.text("supercell.invalid");
        }, na.valueProperty(), nb.valueProperty(), nc.valueProperty(), diagonal.selectedProperty(),
                matrix[0].textProperty(), matrix[1].textProperty(), matrix[2].textProperty(),
                matrix[3].textProperty(), matrix[4].textProperty(), matrix[5].textProperty(),
                matrix[6].textProperty(), matrix[7].textProperty(), matrix[8].textProperty()));
        VBox box = new VBox(8, diagonal, diag, general, mat, count);
        box.setPadding(new Insets(10));
        getDialogPane().setContent(box);
        getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        getDialogPane().lookupButton(ButtonType.OK).disableProperty().bind(
                Bindings.createBooleanBinding(() -> current() == null || model.supercellAtoms(current()) <= 0,
                        count.textProperty()));
        setResultConverter(b -> b == ButtonType.OK ? current() : null);
    }

    private static Spinner<Integer> spinner(String id) {
        Spinner<Integer> s = new Spinner<>(1, 20, 1);
        s.setEditable(true);
        s.setPrefWidth(70);
        s.setId(id);
        return s;
    }

    /** The matrix the form describes, or null while a field is not an integer. */
    int[][] current() {
        if (diagonal.isSelected()) {
            return new int[][] {{na.getValue(), 0, 0}, {0, nb.getValue(), 0}, {0, 0, nc.getValue()}};
        }
        int[][] t = new int[3][3];
        for (int k = 0; k < 9; k++) {
            try {
                t[k / 3][k % 3] = Integer.parseInt(matrix[k].getText().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return t;
    }
}
