package kiseki.dft;

/** How a pw.x run ended, as read from its output (and, when known, its error output and exit status). */
public enum PwStatus {
    /** The SCF converged and pw.x finished ("JOB DONE."): the labels are usable. */
    CONVERGED,
    /** pw.x stopped with "convergence NOT achieved": a retry with more robust mixing may help. */
    NOT_CONVERGED,
    /** pw.x stopped with an error (its %%%% error block, a non-zero exit status, or an unreadable output). */
    CRASHED,
    /** pw.x could not find or read a pseudopotential file. */
    MISSING_PSEUDOPOTENTIAL,
    /** The run ran out of memory ("Cannot allocate memory", std::bad_alloc, killed with exit status 137, ...). */
    OUT_OF_MEMORY,
    /** The output ends early, without "JOB DONE.": pw.x was stopped, is still running, or the file was cut off. */
    INCOMPLETE
}
