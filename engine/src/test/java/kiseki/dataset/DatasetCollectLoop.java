package kiseki.dataset;

import java.nio.file.Path;
import java.util.Set;

/**
 * A collector for {@link DatasetKillTest}, run as a separate process: skips the job ids already in the dataset,
 * appends frames job-0, job-1, … and prints "appended job-N" after each append has returned (so it is on disk),
 * until it is killed.
 */
public final class DatasetCollectLoop {

    private DatasetCollectLoop() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Set<String> have = Dataset.keys(file, "job_id");
        try (DatasetWriter writer = DatasetWriter.open(file)) {
            System.out.println("collecting after " + writer.frames() + " frames"
                    + (writer.repair().repaired() ? " (repaired)" : ""));
            System.out.flush();
            for (int i = 0; i < 1_000_000; i++) {
                String id = "job-" + i;
                if (have.contains(id)) {
                    continue;
                }
                writer.append(TestFrames.labelled(i));
                System.out.println("appended " + id);
                System.out.flush();
            }
        }
    }
}
