package kiseki.app.labelling;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import kiseki.dft.Upf;

import java.util.List;

/** The pseudopotential of one element of the structure set: the library's files for it and the one chosen. */
public final class PseudoChoice {

    private final String element;
    private final ObservableList<Upf> candidates;
    private final ObjectProperty<Upf> chosen;

    PseudoChoice(String element, List<Upf> candidates, Upf chosen) {
        this.element = element;
        this.candidates = FXCollections.unmodifiableObservableList(FXCollections.observableArrayList(candidates));
        this.chosen = new SimpleObjectProperty<>(chosen);
    }

    public String element() {
        return element;
    }

    /** The library's files for this element (empty when the folder has none). */
    public ObservableList<Upf> candidates() {
        return candidates;
    }

    /** The file used; null when the library has none for the element. */
    public ObjectProperty<Upf> chosenProperty() {
        return chosen;
    }

    public Upf chosen() {
        return chosen.get();
    }
}
