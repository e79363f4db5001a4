package kiseki.app;

import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import javafx.util.StringConverter;

/** Preferences: language and the paths of pw.x and mpirun. */
final class PreferencesDialog {

    private final Workbench workbench;

    PreferencesDialog(Workbench workbench) {
        this.workbench = workbench;
    }

    void showAndWait(Window owner) {
        AppPreferences prefs = workbench.preferences();
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle(workbench.text("prefs.title"));
        ChoiceBox<String> language = new ChoiceBox<>(FXCollections.observableArrayList("system", "en", "ja"));
        language.setId("prefs-language");
        language.setConverter(new StringConverter<>() {
            @Override
            public String toString(String code) {
                return code == null ? "" : workbench.text("prefs.language." + code);
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        language.setValue(prefs.language());
        TextField pw = new TextField(prefs.pwCommand());
        pw.setId("prefs-pw");
        TextField mpirun = new TextField(prefs.mpirunCommand());
        mpirun.setId("prefs-mpirun");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(12));
        grid.addRow(0, new Label(workbench.text("prefs.language")), language);
        grid.addRow(1, new Label(workbench.text("prefs.pw")), pw);
        grid.addRow(2, new Label(workbench.text("prefs.mpirun")), mpirun);
        Label note = new Label(workbench.text("prefs.restartNote"));
        note.setWrapText(true);
        grid.add(note, 0, 3, 2, 1);
        d.getDialogPane().setContent(grid);
        d.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        d.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> {
            prefs.setLanguage(language.getValue());
            prefs.setPwCommand(pw.getText().strip());
            prefs.setMpirunCommand(mpirun.getText().strip());
            prefs.flush();
            workbench.info(workbench.text("log.prefsSaved"));
        });
    }
}
