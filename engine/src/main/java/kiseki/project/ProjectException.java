package kiseki.project;

import java.io.IOException;

/**
 * A project that cannot be opened, created or changed as asked: a {@code project.json} written by a newer Kiseki,
 * malformed or incomplete JSON, a path that leaves the project folder, a folder that is not (or already is) a project,
 * or an artefact that cannot be removed because others were made from it. The message is meant for the user as is and
 * names the file concerned.
 * <p>
 * It extends {@link IOException} so that callers handling "could not read/write the project" need only one catch.
 */
public class ProjectException extends IOException {

    private static final long serialVersionUID = 1L;

    public ProjectException(String message) {
        super(message);
    }

    public ProjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
