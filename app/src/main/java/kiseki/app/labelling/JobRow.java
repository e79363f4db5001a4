package kiseki.app.labelling;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import kiseki.jobs.Job;
import kiseki.jobs.ProgressUpdate;

import java.time.Duration;

/**
 * One row of the Labelling tab's job table: the pw.x job of one structure of the set. Changed only on the UI thread
 * (the view-model hands the engine's callbacks over to it).
 */
public final class JobRow {

    /** What the table shows; DONE jobs are CONVERGED (only converged SCF runs are accepted). */
    public enum State {
        QUEUED, RUNNING, CONVERGED, FAILED, CANCELLED;

        /** Whether nothing more happens to the job unless it is retried. */
        public boolean isFinal() {
            return this == CONVERGED || this == FAILED || this == CANCELLED;
        }

        static State of(kiseki.jobs.JobState state) {
            return switch (state) {
                case QUEUED -> QUEUED;
                case RUNNING -> RUNNING;
                case DONE -> CONVERGED;
                case FAILED -> FAILED;
                case CANCELLED -> CANCELLED;
            };
        }
    }

    private final int index;
    private final ReadOnlyStringWrapper jobId = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.QUEUED);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper energy = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyDoubleWrapper wallTime = new ReadOnlyDoubleWrapper(Double.NaN);

    /** @param index 0-based index of the structure in the set (the table shows it 1-based) */
    public JobRow(int index) {
        this.index = index;
    }

    /** 0-based index of the structure in the set. */
    public int index() {
        return index;
    }

    /** The job's id in the job folder ({@code job-0003}), empty until the job exists. */
    public ReadOnlyStringProperty jobIdProperty() {
        return jobId.getReadOnlyProperty();
    }

    public String jobId() {
        return jobId.get();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public State state() {
        return state.get();
    }

    /** SCF progress of the running job, 0 … 1; negative while unknown (an indeterminate bar). */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The latest SCF report while running, the reason after a failure or cancellation. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Total energy (eV) of a converged job, NaN otherwise. */
    public ReadOnlyDoubleProperty energyProperty() {
        return energy.getReadOnlyProperty();
    }

    public double energy() {
        return energy.get();
    }

    /** Wall time (s) pw.x took, NaN until the job has ended. */
    public ReadOnlyDoubleProperty wallTimeProperty() {
        return wallTime.getReadOnlyProperty();
    }

    /** Takes over a snapshot of the job (state changes, and the job store read before and after a run). */
    void update(Job job) {
        jobId.set(job.id());
        State s = State.of(job.state());
        state.set(s);
        switch (s) {
            case QUEUED -> {
                progress.set(0);
                status.set("");
                energy.set(Double.NaN);
                wallTime.set(Double.NaN);
            }
            case RUNNING -> {
                progress.set(-1);
                energy.set(Double.NaN);
                wallTime.set(Double.NaN);
            }
            case CONVERGED -> {
                progress.set(1);
                status.set("");
                if (job.result().get("energy_ev") instanceof Number e) {
                    energy.set(e.doubleValue());
                }
                wallTime.set(wallTime(job));
            }
            case FAILED, CANCELLED -> {
                progress.set(0);
                status.set(job.failure() == null ? "" : job.failure());
                wallTime.set(wallTime(job));
            }
        }
    }

    /** A progress report of the running job's SCF. */
    void progress(ProgressUpdate update) {
        if (state.get() != State.RUNNING) {
            return; // a late report after the job ended
        }
        progress.set(update.hasFraction() ? update.fraction() : -1);
        status.set(update.text());
    }

    /** The energy of the frame that went into the dataset. */
    void collected(double energyEv) {
        energy.set(energyEv);
    }

    private static double wallTime(Job job) {
        if (job.result().get("wall_time_s") instanceof Number w) {
            return w.doubleValue();
        }
        if (job.started() != null && job.finished() != null) {
            return Duration.between(job.started(), job.finished()).toMillis() / 1000.0;
        }
        return Double.NaN;
    }
}
