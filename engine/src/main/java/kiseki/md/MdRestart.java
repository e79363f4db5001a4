package kiseki.md;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import kiseki.io.AtomicFiles;
import kiseki.potential.Potential;
import kiseki.structure.Element;
import kiseki.structure.Lattice;
import kiseki.structure.PeriodicTable;
import kiseki.structure.Structure;

/**
 * Restart files (JSON): cell, species, unwrapped positions, velocities, step, time, time step, skin, the positions
 * of the last neighbour-list build and the thermostat's state (including its random-number state). Reading one back
 * continues the run bit for bit: doubles are written in shortest round-trip form and the neighbour list is rebuilt
 * from the same reference positions.
 */
public final class MdRestart {

    public static final String FORMAT = "kiseki-md-restart";
    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MdRestart() {
    }

    public static void write(Path file, VelocityVerlet md) throws IOException {
        MdState state = md.state();
        Structure s = state.structure();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("step", state.step());
        root.put("time_fs", state.timeFs());
        root.put("time_step_fs", md.timeStepFs());
        root.put("skin_A", md.skin());
        if (s.lattice() != null) {
            doubles(root.putArray("cell_A"), s.lattice().matrix());
        }
        ArrayNode pbc = root.putArray("pbc");
        for (boolean b : s.pbc()) {
            pbc.add(b);
        }
        ArrayNode species = root.putArray("species");
        for (int i = 0; i < s.size(); i++) {
            species.add(s.element(i).symbol());
        }
        doubles(root.putArray("positions_A"), s.positions());
        doubles(root.putArray("velocities_A_per_fs"), state.velocities());
        doubles(root.putArray("list_reference_positions_A"), md.listReferencePositions());
        ObjectNode thermostat = root.putObject("thermostat");
        thermostat.put("name", md.thermostat().name());
        md.thermostat().writeState(thermostat);
        AtomicFiles.writeString(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /**
     * Reads a restart file and returns an integrator ready to continue it. {@code thermostat} must be of the kind
     * the file was written with (same name); its state is overwritten from the file.
     */
    public static VelocityVerlet read(Path file, Potential potential, Thermostat thermostat) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IOException(file + ": not a readable restart file (" + e.getMessage() + ")", e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IOException(file + ": not a Kiseki MD restart file (\"format\" is not \"" + FORMAT + "\")");
        }
        try {
            JsonNode speciesNode = root.path("species");
            int n = speciesNode.size();
            Element[] species = new Element[n];
            for (int i = 0; i < n; i++) {
                species[i] = PeriodicTable.require(speciesNode.get(i).asText());
            }
            double[] positions = doubles(root, "positions_A", 3 * n, file);
            double[] velocities = doubles(root, "velocities_A_per_fs", 3 * n, file);
            double[] reference = doubles(root, "list_reference_positions_A", 3 * n, file);
            Lattice lattice = root.has("cell_A") ? Lattice.fromVectors(doubles(root, "cell_A", 9, file)) : null;
            boolean[] pbc = new boolean[3];
            for (int k = 0; k < 3; k++) {
                pbc[k] = root.path("pbc").path(k).asBoolean(lattice != null);
            }
            Structure structure = new Structure(lattice, pbc, species, positions);
            MdState state = new MdState(structure);
            System.arraycopy(velocities, 0, state.velocities(), 0, velocities.length);
            state.setStepAndTime(root.path("step").asLong(), root.path("time_fs").asDouble());
            String name = root.path("thermostat").path("name").asText();
            if (!name.equals(thermostat.name())) {
                throw new IOException(file + ": the run used the thermostat \"" + name + "\", not \""
                        + thermostat.name() + "\"");
            }
            thermostat.readState(root.path("thermostat"));
            VelocityVerlet md = new VelocityVerlet(potential, state, root.path("time_step_fs").asDouble(),
                    root.path("skin_A").asDouble(VelocityVerlet.DEFAULT_SKIN), thermostat);
            md.restoreNeighborList(reference);
            return md;
        } catch (IllegalArgumentException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new IOException(file + ": invalid restart file: " + e.getMessage(), e);
        }
    }

    private static void doubles(ArrayNode out, double[] values) {
        for (double v : values) {
            out.add(v);
        }
    }

    private static double[] doubles(JsonNode root, String key, int expected, Path file) throws IOException {
        JsonNode node = root.path(key);
        if (node.size() != expected) {
            throw new IOException(file + ": \"" + key + "\" has " + node.size() + " numbers, expected " + expected);
        }
        double[] out = new double[expected];
        for (int i = 0; i < expected; i++) {
            if (!node.get(i).isNumber()) {
                throw new IOException(file + ": \"" + key + "\" entry " + i + " is not a number");
            }
            out[i] = node.get(i).asDouble();
        }
        return out;
    }
}
