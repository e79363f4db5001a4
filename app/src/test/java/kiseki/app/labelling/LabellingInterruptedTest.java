package kiseki.app.labelling;

import kiseki.app.TestSupport;
import kiseki.app.Workbench;
import kiseki.jobs.JobSpec;
import kiseki.jobs.JobStore;
import kiseki.project.Project;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A labelling batch left unfinished by an earlier session is reported when its project opens. */
class LabellingInterruptedTest {

    private final Workbench workbench = TestSupport.headlessWorkbench("en");

    @AfterEach
    void close() {
        workbench.close();
    }

    @Test
    void anUnfinishedBatchIsReportedWithHowToContinue(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("p");
        Project.create(dir, "p");
        try (JobStore store = JobStore.open(dir.resolve("jobs/label-si-dft"))) {
            store.create(JobSpec.of("pw", "pw.x"), Map.of());
            store.create(JobSpec.of("pw", "pw.x"), Map.of());
        }
        LabellingModel model = new LabellingModel(workbench);
        TestSupport.await(workbench.openProject(dir, p -> { }), Duration.ofSeconds(20));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (workbench.log().stream().noneMatch(e -> e.level() == Workbench.Level.WARNING)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(workbench.log().stream().anyMatch(e -> e.level() == Workbench.Level.WARNING && e.text().startsWith(
                "The labelling batch label-si-dft was interrupted with 2 of 2 pw.x runs unfinished")),
                workbench.log().toString());
        assertTrue(model.structures().isEmpty());
    }
}
