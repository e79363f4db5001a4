package kiseki.app;

import javafx.scene.control.Tab;
import kiseki.project.Artefact;

/** A tab of the workbench: a view over one view-model, able to open the artefacts it edits. */
public abstract class WorkbenchTab extends Tab {

    protected WorkbenchTab(String title, String id) {
        super(title);
        setId(id);
        setClosable(false);
    }

    /** Shows {@code artefact} if this tab edits its kind; returns whether it did. */
    public boolean open(Artefact artefact) {
        return false;
    }
}
