package kiseki.app.project;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import kiseki.app.Workbench;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The project explorer's content: one group per artefact kind (structures, datasets, jobs, potentials, MD runs,
 * analyses), each artefact with its provenance (what it was made from, what was made from it, and how). Rebuilt
 * whenever the workbench reports a project change.
 */
public final class ExplorerModel {

    /** A group (artefact == null) or an artefact. */
    public record Node(String label, ArtefactKind kind, Artefact artefact, List<Node> children) {
        public boolean isGroup() {
            return artefact == null;
        }
    }

    private final Workbench workbench;
    private final ObservableList<Node> groups = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Artefact> selected = new ReadOnlyObjectWrapper<>();

    public ExplorerModel(Workbench workbench) {
        this.workbench = workbench;
        workbench.revisionProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    public ObservableList<Node> groups() {
        return groups;
    }

    public ReadOnlyObjectProperty<Artefact> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public void select(Artefact artefact) {
        selected.set(artefact);
    }

    public void refresh() {
        Project p = workbench.project();
        List<Node> out = new ArrayList<>();
        if (p != null) {
            for (ArtefactKind kind : ArtefactKind.values()) {
                List<Node> items = p.artefacts(kind).stream()
                        .map(a -> new Node(a.name(), kind, a, List.of())).toList();
                out.add(new Node(workbench.text("explorer.group." + kind.jsonName(), items.size()), kind, null,
                        items));
            }
        }
        groups.setAll(out);
        if (selected.get() != null && (p == null || p.artefact(selected.get().id()).isEmpty())) {
            selected.set(null);
        }
    }

    /**
     * Removes an artefact and its file from the project. Refused, with the names in the log, when other artefacts
     * were made from it (remove those first): provenance must stay complete.
     */
    public kiseki.app.Background.Task remove(Artefact artefact) {
        Project p = workbench.requireProject();
        return workbench.background().submit(workbench.text("explorer.task.remove", artefact.name()), () -> {
            p.remove(artefact.id());
            return artefact;
        }, a -> {
            workbench.info(workbench.text("explorer.log.removed", a.name(), a.path()));
            workbench.projectChanged();
        }, e -> workbench.error(workbench.text("explorer.error.remove", artefact.name()), e));
    }

    /** Text for the details pane: id, kind, file, parameters, made from, used by. */
    public String provenance(Artefact a) {
        Project p = workbench.project();
        StringBuilder sb = new StringBuilder();
        sb.append(workbench.text("explorer.detail.name", a.name())).append('\n');
        sb.append(workbench.text("explorer.detail.kind", workbench.text("kind." + a.kind().jsonName()), a.id()))
                .append('\n');
        sb.append(workbench.text("explorer.detail.file", a.path())).append('\n');
        sb.append(workbench.text("explorer.detail.created", a.created().toString())).append('\n');
        if (p != null) {
            List<Artefact> parents = a.parents().stream().map(id -> p.artefact(id).orElse(null))
                    .filter(java.util.Objects::nonNull).toList();
            if (!parents.isEmpty()) {
                sb.append(workbench.text("explorer.detail.madeFrom", names(parents))).append('\n');
            }
            List<Artefact> children = p.children(a.id());
            if (!children.isEmpty()) {
                sb.append(workbench.text("explorer.detail.usedBy", names(children))).append('\n');
            }
        }
        Map<String, Object> params = a.parameters();
        if (params != null && !params.isEmpty()) {
            sb.append(workbench.text("explorer.detail.parameters")).append('\n');
            params.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %s = %s%n", k, v)));
        }
        return sb.toString();
    }

    private String names(List<Artefact> list) {
        return list.stream().map(x -> x.name() + " (" + workbench.text("kind." + x.kind().jsonName()) + ")")
                .collect(Collectors.joining(", "));
    }
}
