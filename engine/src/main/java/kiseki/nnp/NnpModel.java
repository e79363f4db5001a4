package kiseki.nnp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import kiseki.descriptor.DescriptorSpec;
import kiseki.io.AtomicFiles;
import kiseki.io.FormatException;
import kiseki.potential.PairCoefficients;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A trained neural-network potential in Kiseki's own file format (JSON, versioned and self-describing): everything
 * needed to evaluate it, and how it was trained. Numbers are written with Java's shortest round-trip form, so a
 * model reloads bit-identically.
 *
 * <p>Energy of a structure: E = Σ_i [ mean over ensemble members m of NN_m,e(i)(x_i) + e_ref(e(i)) ] + E_C, with
 * x_i = (G_i − mean_e) / std_e and E_C the Δ pair term (empty for an HDNNP).
 *
 * @param formatVersion      {@value #FORMAT_VERSION}
 * @param kind               "delta-nnp" or "hdnnp"
 * @param descriptor         the descriptor definition
 * @param elements           element symbols in model order
 * @param perFunctionScaling false: one mean and std per element (NeuralMD); true: per function
 * @param scaleMean          per element, one value per function
 * @param scaleStd           per element, one value per function
 * @param activation         hidden-layer activation name ("twtanh", "tanh", "sigmoid", "silu")
 * @param hidden             hidden layer widths, e.g. [40, 40]
 * @param members            ensemble members; each holds per element (model order) the network parameters in the
 *                           NeuralMD layout (see {@link Network})
 * @param pairCutoff         cutoff of the Δ pair term (Å)
 * @param pairs              Δ pair coefficients (empty for an HDNNP)
 * @param referenceEnergies  per-element reference energy (eV), added per atom
 * @param training           how it was trained (settings, errors, time): informational
 * @param trainingRange      per element and descriptor function, the min and max of the descriptor values over the
 *                           training split ({@link TrainingRange}); null in files written before Kiseki stored it,
 *                           which then cannot report extrapolation. Optional field: absent from the file when null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"formatVersion", "kind", "elements", "descriptor", "perFunctionScaling", "scaleMean", "scaleStd",
        "activation", "hidden", "referenceEnergies", "pairCutoff", "pairs", "training", "trainingRange",
        "members"})
public record NnpModel(int formatVersion, String kind, DescriptorSpec descriptor, List<String> elements,
        boolean perFunctionScaling, List<double[]> scaleMean, List<double[]> scaleStd, String activation,
        List<Integer> hidden, List<List<double[]>> members, double pairCutoff, List<PairCoefficients> pairs,
        Map<String, Double> referenceEnergies, Map<String, Object> training,
        @JsonInclude(JsonInclude.Include.NON_NULL) TrainingRange trainingRange) {

    public static final int FORMAT_VERSION = 1;
    public static final String DELTA = "delta-nnp";
    public static final String HDNNP = "hdnnp";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public NnpModel {
        elements = List.copyOf(elements);
        scaleMean = List.copyOf(scaleMean);
        scaleStd = List.copyOf(scaleStd);
        hidden = List.copyOf(hidden);
        members = members.stream().map(List::copyOf).toList();
        pairs = pairs == null ? List.of() : List.copyOf(pairs);
        referenceEnergies = referenceEnergies == null ? Map.of() : Map.copyOf(referenceEnergies);
        training = training == null ? Map.of() : training;
        if (!DELTA.equals(kind) && !HDNNP.equals(kind)) {
            throw new IllegalArgumentException("model kind must be " + DELTA + " or " + HDNNP + ", not " + kind);
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one ensemble member");
        }
        for (List<double[]> m : members) {
            if (m.size() != elements.size()) {
                throw new IllegalArgumentException("each ensemble member needs one network per element");
            }
            for (double[] p : m) {
                for (double v : p) {
                    if (!Double.isFinite(v)) {
                        // never a broken potential on disk: training rolls back before it gets here
                        throw new IllegalArgumentException("a network parameter is not a finite number");
                    }
                }
            }
        }
        if (trainingRange != null && trainingRange.elementCount() != elements.size()) {
            throw new IllegalArgumentException("the training range has " + trainingRange.elementCount()
                    + " elements, the model " + elements.size());
        }
    }

    /** A model without a training range (built by hand, e.g. in tests; extrapolation cannot be counted). */
    public NnpModel(int formatVersion, String kind, DescriptorSpec descriptor, List<String> elements,
            boolean perFunctionScaling, List<double[]> scaleMean, List<double[]> scaleStd, String activation,
            List<Integer> hidden, List<List<double[]>> members, double pairCutoff, List<PairCoefficients> pairs,
            Map<String, Double> referenceEnergies, Map<String, Object> training) {
        this(formatVersion, kind, descriptor, elements, perFunctionScaling, scaleMean, scaleStd, activation, hidden,
                members, pairCutoff, pairs, referenceEnergies, training, null);
    }

    /** This model with the given training range. */
    public NnpModel withTrainingRange(TrainingRange range) {
        return new NnpModel(formatVersion, kind, descriptor, elements, perFunctionScaling, scaleMean, scaleStd,
                activation, hidden, members, pairCutoff, pairs, referenceEnergies, training, range);
    }

    public int ensembleSize() {
        return members.size();
    }

    /** Writes the model atomically. */
    public void write(Path file) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(this);
        AtomicFiles.writeBytes(file, out -> out.write(bytes));
    }

    /** Reads a model, with a clear error for a file from a newer Kiseki or one that is not a model. */
    public static NnpModel read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        com.fasterxml.jackson.databind.JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new FormatException(file, line, "not a Kiseki potential (malformed JSON: " + e.getOriginalMessage()
                    + ")");
        }
        if (tree == null || !tree.has("formatVersion") || !tree.has("members")) {
            throw new FormatException(file, 1, "not a Kiseki potential file (no formatVersion/members)");
        }
        int version = tree.get("formatVersion").asInt();
        if (version > FORMAT_VERSION) {
            throw new FormatException(file, 0, "written by a newer Kiseki (potential format " + version
                    + "; this version reads up to " + FORMAT_VERSION + "). Update Kiseki to use it.");
        }
        try {
            return JSON.treeToValue(tree, NnpModel.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new FormatException(file, 0, "not a valid Kiseki potential: " + e.getMessage());
        }
    }
}
