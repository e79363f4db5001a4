package kiseki.bench;

import kiseki.descriptor.Descriptor;
import kiseki.descriptor.Descriptors;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormats;
import kiseki.nnp.Activation;
import kiseki.nnp.Network;
import kiseki.structure.Element;
import kiseki.structure.Frame;
import kiseki.structure.PeriodicTable;
import kiseki.train.InputScaling;
import kiseki.train.NnpObjective;
import kiseki.train.TrainingData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One full-batch energy + force loss-and-gradient evaluation (one L-BFGS epoch costs about one) over the 531
 * training frames of the seeded 90/10 split of the shared LGPS set, seed setting (Chebyshev 50 + 30, 6 Å, 2 × 40).
 * Descriptors and derivatives are precomputed in the setup, as in training. Needs a 4 GB heap.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 4, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class TrainingEpochBench {

    @Param({"1", "2"})
    int threads;

    NnpObjective objective;
    double[] x;
    double[] gradient;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        List<Frame> frames = StructureFormats.require("extxyz")
                .readAll(LgpsModels.shared("data/lgps/lgps_init_590.extxyz"), ReadOptions.DEFAULT);
        int[] train = kiseki.dataset.DatasetSplit.split(frames.size(), 0.1, 1).train();
        List<Frame> trainFrames = java.util.Arrays.stream(train).mapToObj(frames::get).toList();
        List<Element> els = List.of("Li", "Ge", "P", "S").stream().map(PeriodicTable::require).toList();
        Descriptor d = Descriptors.create(kiseki.descriptor.DescriptorSpec.chebyshev(50, 30, 6.0), els);
        TrainingData data = TrainingData.build(trainFrames, d, els, null, 2);
        Network[] nets = new Network[els.size()];
        for (int e = 0; e < nets.length; e++) {
            nets[e] = new Network(d.size(), new int[] {40, 40}, Activation.TWISTED_TANH);
            nets[e].initialise(e, Network.Initialisation.XAVIER);
        }
        objective = new NnpObjective(data.samples(), nets, InputScaling.of(data.samples(), els.size(), d.size(), false),
                d.size(), 1e-3, threads);
        x = new double[objective.parameterCount()];
        objective.getParameters(x);
        gradient = new double[x.length];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        objective.close();
    }

    @Benchmark
    public double energyAndForceEpoch531Frames() {
        return objective.evaluate(x, gradient);
    }
}
