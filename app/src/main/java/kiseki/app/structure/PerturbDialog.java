package kiseki.app.structure;

import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.GridPane;
import kiseki.app.Workbench;
import kiseki.structure.Perturbations;

/** Random displacements (and optional strain) of the structure shown: count, displacement range, strain, seed. */
final class PerturbDialog extends Dialog<Perturbations.Settings> {

    PerturbDialog(Workbench workbench) {
        setTitle(workbench.text("perturb.title"));
        setHeaderText(workbench.text("perturb.header"));
        Spinner<Integer> count = new Spinner<>(1, 100000, 20);
        count.setId("perturb-count");
        Spinner<Double> min = doubles("perturb-min", 0, 2, 0.05, 0.01);
        Spinner<Double> max = doubles("perturb-max", 0, 2, 0.2, 0.01);
        Spinner<Double> strain = doubles("perturb-strain", 0, 0.2, 0.0, 0.005);
        Spinner<Integer> seed = new Spinner<>(0, Integer.MAX_VALUE, 1);
        seed.setId("perturb-seed");
        Spinner<Double> minDistance = doubles("perturb-min-distance", 0, 3, 0.5, 0.05);
        for (Spinner<?> s : new Spinner<?>[] {count, seed}) {
            s.setEditable(true);
        }
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.setPadding(new Insets(10));
        grid.addRow(0, new Label(workbench.text("perturb.count")), count);
        grid.addRow(1, new Label(workbench.text("perturb.min")), min);
        grid.addRow(2, new Label(workbench.text("perturb.max")), max);
        grid.addRow(3, new Label(workbench.text("perturb.strain")), strain);
        grid.addRow(4, new Label(workbench.text("perturb.seed")), seed);
        grid.addRow(5, new Label(workbench.text("perturb.minDistance")), minDistance);
        Label problem = new Label();
        problem.setId("perturb-problem");
        problem.setStyle("-fx-text-fill: #b00020;");
        grid.add(problem, 0, 6, 2, 1);
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        Runnable check = () -> {
            boolean bad = max.getValue() < min.getValue();
            problem.setText(bad ? workbench.text("perturb.badRange") : "");
            getDialogPane().lookupButton(ButtonType.OK).setDisable(bad);
        };
        min.valueProperty().addListener((o, a, b) -> check.run());
        max.valueProperty().addListener((o, a, b) -> check.run());
        setResultConverter(b -> b == ButtonType.OK ? new Perturbations.Settings(count.getValue(), min.getValue(),
                max.getValue(), strain.getValue(), seed.getValue(), minDistance.getValue()) : null);
    }

    private static Spinner<Double> doubles(String id, double lo, double hi, double value, double step) {
        Spinner<Double> s = new Spinner<>(lo, hi, value, step);
        s.setEditable(true);
        s.setId(id);
        s.setPrefWidth(100);
        return s;
    }
}
