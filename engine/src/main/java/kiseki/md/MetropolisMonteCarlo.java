package kiseki.md;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import kiseki.io.ExtxyzWriter;
import kiseki.io.Units;
import kiseki.potential.Potential;
import kiseki.potential.PotentialResult;
import kiseki.structure.Frame;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;

/**
 * Metropolis Monte Carlo in the canonical ensemble (fixed N, V, T) with single-atom displacement moves and any
 * {@link Potential}.
 *
 * <p><b>Moves.</b> One sweep is N attempted moves (N = number of atoms). Each move picks an atom uniformly at
 * random, displaces it uniformly within a cube of half-edge {@code maxStep} (Å) centred on its position, and accepts
 * with probability min(1, exp(−ΔE / k_B T)). A trial whose energy is not a finite number (a potential that fails
 * for that configuration) or that brings the atom closer than {@link #minimumDistance(double)} to another atom is
 * rejected. Positions are not wrapped back into the cell (as in MD, they stay unwrapped).
 *
 * <p><b>Step adaptation and detailed balance.</b> The maximum step is adapted after every sweep toward the target
 * acceptance (default 0.4): {@code step ← step · exp(acceptance − target)}, bounded to
 * [{@link #MIN_STEP}, half the smallest perpendicular width of the periodic cell axes, and at most the potential's
 * cutoff]. An adapting step makes the chain depend on its own history and so, strictly, breaks detailed balance:
 * <ul>
 * <li>with {@link #equilibrationSweeps(long)} M &gt; 0 the step adapts only during the first M sweeps and is then
 * frozen at the geometric mean of the steps chosen during the second half of the equilibration; the sampling
 * sweeps that follow use that fixed step, satisfy detailed balance exactly and are the only ones that enter the
 * averages and the sample file. This is the recommended mode for production averages.</li>
 * <li>with M = 0 and adaptation on (the default) the step keeps adapting during the whole run, which is convenient
 * for exploring but not strictly a Markov chain with the canonical distribution as its stationary state;</li>
 * <li>{@link #adaptStep(boolean) adaptStep(false)} keeps the initial step throughout (equilibration sweeps are
 * then only excluded from the averages and samples).</li>
 * </ul>
 *
 * <p><b>Cost.</b> Each move evaluates the total energy with the potential (energy only: no forces, no stress), so a
 * sweep costs N energy evaluations, O(N²) pair terms for a pair potential. The neighbour list is a Verlet list
 * (cutoff + skin, like {@link VelocityVerlet}): after a move only the entries involving the moved atom are
 * refreshed, and the list is rebuilt when an atom ends up more than skin/2 from where it was at the last build.
 * Between rebuilds a move allocates nothing.
 *
 * <p>The structure passed in is moved in place (pass a copy to keep the original). Not thread-safe, except the
 * cancel flag, which may be set from any thread and is checked before every move.
 */
public final class MetropolisMonteCarlo {

    public static final double DEFAULT_MAX_STEP = 0.1;
    public static final double DEFAULT_TARGET_ACCEPTANCE = 0.4;
    /** Smallest maximum step the adaptation may choose (Å). */
    public static final double MIN_STEP = 1e-4;
    /** Gain of the step adaptation: ln step changes by this times (acceptance − target) per sweep. */
    static final double ADAPT_GAIN = 1.0;

    public static final String CSV_HEADER = "sweep,energy_eV,energy_per_atom_eV,acceptance,max_step_A";

    /**
     * One line of the log: the energy after {@code sweep} sweeps, the acceptance over the moves since the previous
     * record (NaN for the record of the start) and the maximum step in use at the end of the sweep.
     */
    public record Record(long sweep, double energy, double energyPerAtom, double acceptance, double maxStep) {

        String csv() {
            return String.format(Locale.ROOT, "%d,%.8f,%.8f,%s,%.6f", sweep, energy, energyPerAtom,
                    Double.isNaN(acceptance) ? "" : String.format(Locale.ROOT, "%.4f", acceptance), maxStep);
        }
    }

    public enum Outcome {
        COMPLETED, CANCELLED, STOPPED
    }

    /**
     * How a run ended. {@code sweepsDone} counts the sweeps of this call (equilibration included),
     * {@code samplingSweeps} those of the sampling phase; the mean acceptance, the mean energy (eV, total, not per
     * atom) and its block-averaged standard error cover the sampling phase (NaN when it had no sweeps, the error
     * also below 2 sweeps); {@code maxStep} is the step at the end.
     */
    public record Result(Outcome outcome, String message, long sweepsDone, long samplingSweeps,
            double meanAcceptance, double maxStep, double meanEnergy, double meanEnergyError, List<Record> log) {
    }

    /** Called after each log record (on the running thread). */
    public interface Progress {
        void report(Record record, long sweepsDone, long sweepsTotal);
    }

    private final Potential potential;
    private final Structure structure;
    private final int atoms;
    private final double temperatureK;
    private final double beta;
    private final MdRandom random;
    private final PotentialResult result;

    private double maxStep = DEFAULT_MAX_STEP;
    private double targetAcceptance = DEFAULT_TARGET_ACCEPTANCE;
    private boolean adapt = true;
    private long equilibrationSweeps;
    private double skin = VelocityVerlet.DEFAULT_SKIN;
    private double minDistance = MdRun.DEFAULT_MIN_DISTANCE;
    private int logEvery = 10;
    private Path logCsv;
    private Path samples;
    private int sampleEvery = 10;
    private Progress progress;
    private AtomicBoolean cancel = new AtomicBoolean();

    /** Sweeps done by this object over all calls of {@link #run}. */
    private long sweeps;
    private double energy = Double.NaN;
    private boolean outputsStarted;
    private double sumLogStep;
    private long countLogStep;
    private long accepted;
    private long attempted;

    // Verlet list and, per entry, the image offset o_k = r_k − (x_j − x_i) so that one atom's entries can be
    // refreshed alone; reverseEntries lists, per atom m, the entries of other rows whose neighbour is m.
    private NeighborList neighbors;
    private final double[] positionsAtBuild;
    private double[] imageOffsets = new double[0];
    private final int[] reverseStart;
    private int[] reverseEntries = new int[0];
    private int[] reverseRows = new int[0];
    private int rebuilds;

    /**
     * @param potential    energy model (its cutoff sizes the neighbour list)
     * @param structure    start configuration, moved in place
     * @param temperatureK temperature (K), &gt; 0
     * @param seed         random seed: the same seed, structure and settings give the same sequence of samples
     */
    public MetropolisMonteCarlo(Potential potential, Structure structure, double temperatureK, long seed) {
        if (!(temperatureK > 0) || !Double.isFinite(temperatureK)) {
            throw new IllegalArgumentException("Monte Carlo needs a temperature > 0 K, got " + temperatureK);
        }
        if (structure.size() == 0) {
            throw new IllegalArgumentException("the structure has no atoms to move");
        }
        this.potential = potential;
        this.structure = structure;
        this.atoms = structure.size();
        this.temperatureK = temperatureK;
        this.beta = 1.0 / (Units.BOLTZMANN_EV_PER_K * temperatureK);
        this.random = new MdRandom(seed);
        this.result = new PotentialResult(atoms, false, false, false);
        this.positionsAtBuild = new double[3 * atoms];
        this.reverseStart = new int[atoms + 1];
    }

    /** Initial maximum displacement per Cartesian component (Å); a run clamps it to {@link #maxStepLimit()}. */
    public MetropolisMonteCarlo maxStep(double angstrom) {
        if (!(angstrom > 0) || !Double.isFinite(angstrom)) {
            throw new IllegalArgumentException("the maximum step must be > 0 Å, got " + angstrom);
        }
        this.maxStep = angstrom;
        return this;
    }

    public MetropolisMonteCarlo targetAcceptance(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("the target acceptance must lie between 0 and 1, got " + fraction);
        }
        this.targetAcceptance = fraction;
        return this;
    }

    /** Whether the step adapts toward the target acceptance (default true; see the class comment). */
    public MetropolisMonteCarlo adaptStep(boolean on) {
        this.adapt = on;
        return this;
    }

    /**
     * Sweeps before the sampling phase (default 0): the step adapts during them and is then frozen; they enter
     * neither the averages nor the sample file.
     */
    public MetropolisMonteCarlo equilibrationSweeps(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("equilibration sweeps must be ≥ 0, got " + count);
        }
        this.equilibrationSweeps = count;
        return this;
    }

    /** Verlet skin (Å, default 1); 0 rebuilds the neighbour list after every move. Set before the first run. */
    public MetropolisMonteCarlo skin(double angstrom) {
        if (!(angstrom >= 0) || !Double.isFinite(angstrom)) {
            throw new IllegalArgumentException("the skin must be ≥ 0 Å, got " + angstrom);
        }
        if (neighbors != null) {
            throw new IllegalStateException("the skin must be set before the first sweep");
        }
        this.skin = angstrom;
        return this;
    }

    /**
     * Closest approach allowed (Å, default 0.5): moves that bring two atoms closer are rejected, which guards
     * against the unphysical holes a fitted potential may have at short range; 0 turns the check off.
     */
    public MetropolisMonteCarlo minimumDistance(double angstrom) {
        this.minDistance = angstrom;
        return this;
    }

    /** Sweeps between log records (default 10). */
    public MetropolisMonteCarlo logEvery(int sweepCount) {
        if (sweepCount < 1) {
            throw new IllegalArgumentException("log interval must be at least 1 sweep, got " + sweepCount);
        }
        this.logEvery = sweepCount;
        return this;
    }

    /** Streams log records to this CSV file (replaced by the first run, appended to by later ones). */
    public MetropolisMonteCarlo logCsv(Path file) {
        this.logCsv = file;
        return this;
    }

    /**
     * Writes the configuration (unwrapped positions, energy, info {@code step} = sweep) as an extxyz frame every
     * {@code every} sampling sweeps, counted from the end of the equilibration.
     */
    public MetropolisMonteCarlo samples(Path file, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("sample interval must be at least 1 sweep, got " + every);
        }
        this.samples = file;
        this.sampleEvery = every;
        return this;
    }

    public MetropolisMonteCarlo progress(Progress callback) {
        this.progress = callback;
        return this;
    }

    /** Setting the flag stops the run before the next move. */
    public MetropolisMonteCarlo cancelFlag(AtomicBoolean flag) {
        this.cancel = flag;
        return this;
    }

    public Structure structure() {
        return structure;
    }

    public double temperature() {
        return temperatureK;
    }

    /** Current maximum step (Å). */
    public double currentMaxStep() {
        return maxStep;
    }

    /** Sweeps done so far by this object. */
    public long sweepsDone() {
        return sweeps;
    }

    /** Energy of the current configuration (eV); NaN before the first sweep or run. */
    public double energy() {
        return energy;
    }

    /** How many times the neighbour list was built (including the first). */
    public int rebuilds() {
        return rebuilds;
    }

    /** The neighbour list in use (refreshed for the current positions). */
    public NeighborList neighbors() {
        return neighbors;
    }

    /** Largest step the adaptation may choose: half the narrowest periodic cell width, at most the cutoff. */
    public double maxStepLimit() {
        double limit = potential.cutoff();
        for (int k = 0; k < 3; k++) {
            if (structure.hasLattice() && structure.isPeriodic(k)) {
                limit = Math.min(limit, 0.5 * structure.lattice().perpendicularWidth(k));
            }
        }
        return Math.max(limit, MIN_STEP);
    }

    /**
     * Runs the equilibration sweeps not yet done, then {@code samplingSweeps} sampling sweeps. A log record is taken
     * at the start of the first run, every {@link #logEvery} sweeps and at the end.
     */
    public Result run(long samplingSweeps) throws IOException {
        if (samplingSweeps < 0) {
            throw new IllegalArgumentException("sampling sweeps must be ≥ 0, got " + samplingSweeps);
        }
        long total = Math.max(0, equilibrationSweeps - sweeps) + samplingSweeps;
        List<Record> log = new ArrayList<>();
        BlockAverage sampledEnergy = new BlockAverage();
        long sampledAccepted = 0;
        long sampledAttempted = 0;
        BufferedWriter csv = null;
        ExtxyzWriter sampleWriter = null;
        try {
            boolean append = outputsStarted;
            outputsStarted = true;
            if (logCsv != null) {
                if (append && Files.exists(logCsv)) {
                    csv = Files.newBufferedWriter(logCsv, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                } else {
                    csv = Files.newBufferedWriter(logCsv, StandardCharsets.UTF_8);
                    csv.write(CSV_HEADER);
                    csv.write('\n');
                }
            }
            if (samples != null) {
                sampleWriter = ExtxyzWriter.open(samples, append);
            }
            prepare();
            if (!Double.isFinite(energy)) {
                return summary(Outcome.STOPPED, "the energy of the start configuration is " + energy
                        + " (the potential failed for it)", 0, 0, 0, sampledEnergy, log);
            }
            double stepLimit = maxStepLimit();
            maxStep = Math.min(Math.max(maxStep, MIN_STEP), stepLimit);
            long recordAccepted = accepted;
            long recordAttempted = attempted;
            if (sweeps == 0) {
                emit(log, csv, Double.NaN, 0, total);
            }
            for (long done = 1; done <= total; done++) {
                boolean equilibrating = sweeps < equilibrationSweeps;
                long acceptedBefore = accepted;
                if (!sweep()) {
                    return summary(Outcome.CANCELLED, "cancelled during sweep " + (sweeps + 1) + " ("
                            + (equilibrating ? "equilibration" : "sampling") + ")", done - 1, sampledAccepted,
                            sampledAttempted, sampledEnergy, log);
                }
                long acceptedNow = accepted - acceptedBefore;
                if (equilibrating) {
                    if (adapt) {
                        adaptStep(acceptedNow, stepLimit);
                        if (sweeps > equilibrationSweeps / 2) {
                            sumLogStep += Math.log(maxStep);
                            countLogStep++;
                        }
                        if (sweeps == equilibrationSweeps) {
                            maxStep = Math.exp(sumLogStep / countLogStep);
                        }
                    }
                } else {
                    if (adapt && equilibrationSweeps == 0) {
                        adaptStep(acceptedNow, stepLimit);
                    }
                    sampledEnergy.add(energy);
                    sampledAccepted += acceptedNow;
                    sampledAttempted += atoms;
                    if (sampleWriter != null && (sweeps - equilibrationSweeps) % sampleEvery == 0) {
                        sampleWriter.append(frame());
                    }
                }
                boolean last = done == total || cancel.get();
                if (sweeps % logEvery == 0 || last) {
                    emit(log, csv, (double) (accepted - recordAccepted) / (attempted - recordAttempted), done,
                            total);
                    recordAccepted = accepted;
                    recordAttempted = attempted;
                }
                if (cancel.get() && done < total) {
                    return summary(Outcome.CANCELLED, "cancelled after sweep " + sweeps, done, sampledAccepted,
                            sampledAttempted, sampledEnergy, log);
                }
            }
            return summary(Outcome.COMPLETED, String.format(Locale.ROOT, "completed %d sweeps (%d sampling)", total,
                    samplingSweeps), total, sampledAccepted, sampledAttempted, sampledEnergy, log);
        } finally {
            if (csv != null) {
                csv.close();
            }
            if (sampleWriter != null) {
                sampleWriter.close();
            }
        }
    }

    private Result summary(Outcome outcome, String message, long sweepsDone, long sampledAccepted,
            long sampledAttempted, BlockAverage sampledEnergy, List<Record> log) {
        double acceptance = sampledAttempted == 0 ? Double.NaN : (double) sampledAccepted / sampledAttempted;
        return new Result(outcome, message, sweepsDone, sampledAttempted / atoms, acceptance, maxStep,
                sampledEnergy.mean(), sampledEnergy.standardError(), log);
    }

    /**
     * One sweep of N attempted moves at the current step, without adaptation or output; returns false when the
     * cancel flag stopped it part-way (the moves made so far stand).
     */
    public boolean sweep() {
        prepare();
        for (int move = 0; move < atoms; move++) {
            if (cancel.get()) {
                return false;
            }
            attempted++;
            if (attemptMove()) {
                accepted++;
            }
        }
        sweeps++;
        return true;
    }

    /** Total moves attempted and accepted by this object. */
    public long movesAttempted() {
        return attempted;
    }

    public long movesAccepted() {
        return accepted;
    }

    /** The current configuration as a sample frame: unwrapped positions, energy, info {@code step} = sweeps done. */
    public Frame frame() {
        Frame f = new Frame(structure.copy());
        f.setEnergy(energy);
        f.info().put("step", Long.toString(sweeps));
        return f;
    }

    private void prepare() {
        if (neighbors == null) {
            rebuild();
            energy = evaluate();
        }
    }

    private void adaptStep(long acceptedMoves, double stepLimit) {
        double acceptance = (double) acceptedMoves / atoms;
        maxStep = Math.min(stepLimit, Math.max(MIN_STEP,
                maxStep * Math.exp(ADAPT_GAIN * (acceptance - targetAcceptance))));
    }

    /** The hot path: one trial displacement, accepted or undone. */
    private boolean attemptMove() {
        int i = (int) (random.nextDouble() * atoms);
        double[] x = structure.positions();
        int a = 3 * i;
        double oldX = x[a];
        double oldY = x[a + 1];
        double oldZ = x[a + 2];
        x[a] = oldX + maxStep * (2 * random.nextDouble() - 1);
        x[a + 1] = oldY + maxStep * (2 * random.nextDouble() - 1);
        x[a + 2] = oldZ + maxStep * (2 * random.nextDouble() - 1);
        boolean rebuilt = false;
        if (outsideSkin(i)) {
            rebuild();
            rebuilt = true;
        } else {
            refreshAtom(i);
        }
        if (!tooClose(i)) {
            double trial = evaluate();
            if (Double.isFinite(trial)
                    && (trial <= energy || random.nextDouble() < Math.exp(-beta * (trial - energy)))) {
                energy = trial;
                return true;
            }
        }
        x[a] = oldX;
        x[a + 1] = oldY;
        x[a + 2] = oldZ;
        if (rebuilt && outsideSkin(i)) {
            rebuild();
        } else {
            refreshAtom(i);
        }
        return false;
    }

    private boolean outsideSkin(int i) {
        double[] x = structure.positions();
        double dx = x[3 * i] - positionsAtBuild[3 * i];
        double dy = x[3 * i + 1] - positionsAtBuild[3 * i + 1];
        double dz = x[3 * i + 2] - positionsAtBuild[3 * i + 2];
        return skin == 0 || dx * dx + dy * dy + dz * dz > 0.25 * skin * skin;
    }

    private boolean tooClose(int i) {
        double[] d = neighbors.distanceArray();
        for (int k = neighbors.start(i), end = neighbors.end(i); k < end; k++) {
            if (d[k] < minDistance) {
                return true;
            }
        }
        return false;
    }

    private double evaluate() {
        result.reset();
        potential.compute(structure, neighbors, result);
        return result.energy;
    }

    /** Recomputes the vectors and distances of every entry that involves atom m (its row and the reverse ones). */
    private void refreshAtom(int m) {
        double[] x = structure.positions();
        double[] v = neighbors.vectorArray();
        double[] d = neighbors.distanceArray();
        int[] neighbor = neighbors.neighborArray();
        double xm = x[3 * m];
        double ym = x[3 * m + 1];
        double zm = x[3 * m + 2];
        for (int k = neighbors.start(m), end = neighbors.end(m); k < end; k++) {
            int j = neighbor[k];
            setEntry(v, d, k, x[3 * j] - xm, x[3 * j + 1] - ym, x[3 * j + 2] - zm);
        }
        for (int r = reverseStart[m]; r < reverseStart[m + 1]; r++) {
            int k = reverseEntries[r];
            int i = reverseRows[r];
            setEntry(v, d, k, xm - x[3 * i], ym - x[3 * i + 1], zm - x[3 * i + 2]);
        }
    }

    private void setEntry(double[] v, double[] d, int k, double dx, double dy, double dz) {
        double vx = dx + imageOffsets[3 * k];
        double vy = dy + imageOffsets[3 * k + 1];
        double vz = dz + imageOffsets[3 * k + 2];
        v[3 * k] = vx;
        v[3 * k + 1] = vy;
        v[3 * k + 2] = vz;
        d[k] = Math.sqrt(vx * vx + vy * vy + vz * vz);
    }

    private void rebuild() {
        double[] x = structure.positions();
        neighbors = NeighborList.full(structure, potential.cutoff() + skin);
        System.arraycopy(x, 0, positionsAtBuild, 0, positionsAtBuild.length);
        rebuilds++;
        int entries = neighbors.size();
        if (imageOffsets.length < 3 * entries) {
            int capacity = entries + entries / 4 + 16;
            imageOffsets = new double[3 * capacity];
            reverseEntries = new int[capacity];
            reverseRows = new int[capacity];
        }
        double[] v = neighbors.vectorArray();
        int[] neighbor = neighbors.neighborArray();
        Arrays.fill(reverseStart, 0);
        for (int i = 0; i < atoms; i++) {
            for (int k = neighbors.start(i), end = neighbors.end(i); k < end; k++) {
                int j = neighbor[k];
                for (int c = 0; c < 3; c++) {
                    imageOffsets[3 * k + c] = v[3 * k + c] - (x[3 * j + c] - x[3 * i + c]);
                }
                if (j != i) {
                    reverseStart[j + 1]++;
                }
            }
        }
        for (int m = 0; m < atoms; m++) {
            reverseStart[m + 1] += reverseStart[m];
        }
        int[] fill = new int[atoms];
        for (int i = 0; i < atoms; i++) {
            for (int k = neighbors.start(i), end = neighbors.end(i); k < end; k++) {
                int j = neighbor[k];
                if (j != i) {
                    int r = reverseStart[j] + fill[j]++;
                    reverseEntries[r] = k;
                    reverseRows[r] = i;
                }
            }
        }
    }

    private void emit(List<Record> log, BufferedWriter csv, double acceptance, long done, long total)
            throws IOException {
        Record r = new Record(sweeps, energy, energy / atoms, acceptance, maxStep);
        log.add(r);
        if (csv != null) {
            csv.write(r.csv());
            csv.write('\n');
            csv.flush();
        }
        if (progress != null) {
            progress.report(r, done, total);
        }
    }
}
