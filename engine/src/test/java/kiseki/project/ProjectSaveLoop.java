package kiseki.project;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Run in a separate JVM by {@link ProjectKillTest}: opens the project given as the only argument and, until killed,
 * registers a new artefact and saves it again, as fast as it can. Prints "saving" once the loop has started.
 */
public final class ProjectSaveLoop {

    private ProjectSaveLoop() {
    }

    public static void main(String[] args) throws Exception {
        Project project = Project.open(Path.of(args[0]));
        String parent = project.artefacts().get(0).id();
        System.out.println("saving");
        System.out.flush();
        for (long i = 0; ; i++) {
            String relative = "jobs/loop-" + ProcessHandle.current().pid() + "-" + i + ".txt";
            Files.writeString(project.dir().resolve(relative), "step " + i);
            project.register(ArtefactKind.JOB, relative, "loop " + i, Map.of("step", i), List.of(parent));
            project.save();
        }
    }
}
