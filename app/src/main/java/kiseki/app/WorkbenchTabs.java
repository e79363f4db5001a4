package kiseki.app;

import kiseki.app.analysis.AnalysisTab;
import kiseki.app.labelling.LabellingTab;
import kiseki.app.md.MdTab;
import kiseki.app.project.ExplorerModel;
import kiseki.app.structure.StructureTab;
import kiseki.app.training.TrainingTab;
import kiseki.project.Artefact;

import java.util.List;

/** The tabs of the main window and the explorer, created once per workbench. */
public final class WorkbenchTabs {

    private final ExplorerModel explorer;
    private final StructureTab structure;
    private final LabellingTab labelling;
    private final TrainingTab training;
    private final MdTab md;
    private final AnalysisTab analysis;
    private final List<WorkbenchTab> all;
    private Runnable onSelect = () -> { };

    public WorkbenchTabs(Workbench workbench) {
        explorer = new ExplorerModel(workbench);
        structure = new StructureTab(workbench);
        labelling = new LabellingTab(workbench);
        training = new TrainingTab(workbench);
        md = new MdTab(workbench);
        analysis = new AnalysisTab(workbench);
        all = List.of(structure, labelling, training, md, analysis);
    }

    public ExplorerModel explorer() {
        return explorer;
    }

    public StructureTab structureTab() {
        return structure;
    }

    public LabellingTab labellingTab() {
        return labelling;
    }

    public TrainingTab trainingTab() {
        return training;
    }

    public MdTab mdTab() {
        return md;
    }

    public AnalysisTab analysisTab() {
        return analysis;
    }

    public List<WorkbenchTab> all() {
        return all;
    }

    /** Opens {@code artefact} in the first tab that edits its kind and selects that tab. */
    public void open(Artefact artefact) {
        for (WorkbenchTab t : all) {
            if (t.open(artefact)) {
                if (t.getTabPane() != null) {
                    t.getTabPane().getSelectionModel().select(t);
                }
                onSelect.run();
                return;
            }
        }
    }
}
