package kiseki.dataset;

import kiseki.io.ExtxyzFormat;
import kiseki.io.FormatException;
import kiseki.io.FrameReader;
import kiseki.io.ReadOptions;
import kiseki.project.Artefact;
import kiseki.project.ArtefactKind;
import kiseki.project.Project;
import kiseki.structure.Frame;
import kiseki.structure.Structure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Brings an external extended XYZ dataset into a project: every frame is checked for training use (atoms, finite
 * positions, a finite energy and forces) in one streaming pass, then the file is copied into the project's
 * {@code datasets/} folder and recorded.
 */
public final class DatasetImport {

    /** Problems kept for the report; counting goes on past this. */
    private static final int KEPT_PROBLEMS = 100;

    /**
     * What a valid dataset holds.
     *
     * @param frames   number of frames
     * @param atoms    total atoms over all frames
     * @param elements element symbols in order of first appearance
     */
    public record Summary(int frames, long atoms, List<String> elements) {
        public Summary {
            elements = List.copyOf(elements);
        }
    }

    private DatasetImport() {
    }

    /**
     * Checks every frame and copies the file into the project as a {@link ArtefactKind#DATASET} artefact with
     * parameters {@code frames}, {@code atoms}, {@code elements} (symbols in order of first appearance) and
     * {@code source} (the absolute path imported from).
     *
     * @param name the artefact's name; null or blank = the file name without its extension
     * @throws DatasetProblems     when frames lack energy or forces or hold non-finite numbers (nothing imported)
     * @throws FormatException     when the file does not read as extended XYZ (nothing imported)
     * @throws NoSuchFileException when the source does not exist
     */
    public static Artefact importInto(Project project, Path source, String name) throws IOException {
        if (!Files.isRegularFile(source)) {
            throw new NoSuchFileException(source.toString(), null, "no dataset file to import");
        }
        long size = Files.size(source);
        Summary summary = validate(source, "nothing was imported");
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("frames", summary.frames());
        parameters.put("atoms", summary.atoms());
        parameters.put("elements", summary.elements());
        parameters.put("source", source.toAbsolutePath().normalize().toString());
        Artefact artefact = project.addFile(ArtefactKind.DATASET, source, name, parameters, List.of());
        long copied = Files.size(project.resolve(artefact));
        if (copied != size) {
            project.remove(artefact.id());
            throw new IOException(source + " changed while it was being imported (" + size + " bytes checked, "
                    + copied + " bytes copied); nothing was imported, try again");
        }
        return artefact;
    }

    /**
     * Reads every frame once and checks it can be training data.
     *
     * @throws DatasetProblems when frames are unusable, listing them by frame number and line
     * @throws FormatException when the file does not read as extended XYZ (problems found before it are listed too)
     */
    public static Summary validate(Path source) throws IOException {
        return validate(source, null);
    }

    private static Summary validate(Path source, String outcome) throws IOException {
        String file = source.toString();
        List<DatasetProblems.Problem> problems = new ArrayList<>();
        int total = 0;
        int frames = 0;
        long atoms = 0;
        LinkedHashSet<String> elements = new LinkedHashSet<>();
        try (FrameReader reader = new ExtxyzFormat().open(source, ReadOptions.DEFAULT);
                LineFinder lines = new LineFinder(source)) {
            while (true) {
                Frame frame;
                try {
                    frame = reader.next();
                } catch (FormatException e) {
                    if (problems.isEmpty()) {
                        throw e;
                    }
                    problems.add(new DatasetProblems.Problem(frames + 1, e.line(), "does not read: " + e.problem()));
                    throw new DatasetProblems(file, problems, total + 1, outcome);
                }
                if (frame == null) {
                    break;
                }
                frames++;
                Structure s = frame.structure();
                atoms += s.size();
                for (int i = 0; i < s.size(); i++) {
                    elements.add(s.element(i).symbol());
                }
                String problem = TrainingFrames.problem(frame);
                if (problem != null) {
                    total++;
                    if (problems.size() < KEPT_PROBLEMS) {
                        problems.add(new DatasetProblems.Problem(frames, lines.firstLine(frames), problem));
                    }
                }
            }
        }
        if (total > 0) {
            throw new DatasetProblems(file, problems, total, outcome);
        }
        if (frames == 0) {
            throw new FormatException(file, 0, "the file holds no frames");
        }
        return new Summary(frames, atoms, new ArrayList<>(elements));
    }

    /** First lines of frames, found by a second scanner that follows the reader. */
    private static final class LineFinder implements AutoCloseable {
        private final FrameScanner scanner;
        private int scanned;
        private int lastLine;
        private boolean broken;

        LineFinder(Path file) throws IOException {
            scanner = new FrameScanner(file);
        }

        /** Line of frame {@code number}'s atom-count line (frames asked in increasing order), 0 when unknown. */
        int firstLine(int number) {
            try {
                while (!broken && scanned < number) {
                    FrameScanner.Span s = scanner.next();
                    if (s == null) {
                        broken = true;
                        break;
                    }
                    scanned++;
                    lastLine = s.firstLine();
                }
            } catch (IOException e) {
                broken = true;
            }
            return !broken && scanned == number ? lastLine : 0;
        }

        @Override
        public void close() throws IOException {
            scanner.close();
        }
    }
}
