package kiseki.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import kiseki.io.FrameReader;
import kiseki.io.ReadOptions;
import kiseki.io.StructureFormat;
import kiseki.io.StructureFormats;
import kiseki.nnp.NnpModel;
import kiseki.nnp.NnpPotential;
import kiseki.potential.PotentialResult;
import kiseki.structure.Frame;
import kiseki.structure.NeighborList;
import kiseki.structure.Structure;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code kiseki eval}: errors of a potential on a labelled dataset. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Energy and force errors of a trained potential on labelled frames (streamed).")
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--potential", required = true, paramLabel = "POT", description = "Kiseki potential file.")
    Path potential;

    @Option(names = "--data", required = true, paramLabel = "D.extxyz", description = "Frames with energies and forces.")
    Path data;

    @Option(names = "--threads", defaultValue = "2", description = "Threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        StructureCommand.requireFile(data);
        NnpModel model = NnpModel.read(potential);
        StructureFormat format = StructureFormats.resolve(data, null);
        double sumE2 = 0;
        double maxE = 0;
        double sumF2 = 0;
        double maxF = 0;
        long components = 0;
        int frames = 0;
        Map<String, double[]> perElement = new LinkedHashMap<>(); // {Σ ΔF², count}
        int extrapolatingFrames = 0;
        int maxExtrapolatingAtoms = 0;
        boolean counted;
        try (NnpPotential pot = new NnpPotential(model, threads); FrameReader r = format.open(data, ReadOptions.DEFAULT)) {
            counted = pot.hasTrainingRange();
            for (Frame f = r.next(); f != null; f = r.next()) {
                if (!f.hasEnergy() || f.forces() == null) {
                    continue;
                }
                Structure s = f.structure();
                PotentialResult res = new PotentialResult(s.size(), true, false, false);
                pot.compute(s, NeighborList.full(s, pot.cutoff()), res);
                if (pot.lastExtrapolatingAtoms() > 0) {
                    extrapolatingFrames++;
                    maxExtrapolatingAtoms = Math.max(maxExtrapolatingAtoms, pot.lastExtrapolatingAtoms());
                }
                double dE = (res.energy - f.energy()) / s.size();
                sumE2 += dE * dE;
                maxE = Math.max(maxE, Math.abs(dE));
                for (int i = 0; i < s.size(); i++) {
                    double[] acc = perElement.computeIfAbsent(s.element(i).symbol(), k -> new double[2]);
                    for (int c = 0; c < 3; c++) {
                        double d = res.forces[3 * i + c] - f.forces()[3 * i + c];
                        sumF2 += d * d;
                        acc[0] += d * d;
                        acc[1]++;
                        maxF = Math.max(maxF, Math.abs(d));
                    }
                }
                components += 3L * s.size();
                frames++;
            }
        }
        if (frames == 0) {
            throw new IllegalArgumentException(data + " has no frames with both energy and forces");
        }
        double rmseE = Math.sqrt(sumE2 / frames) * 1000;
        double rmseF = Math.sqrt(sumF2 / components);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.object();
            o.put("potential", potential.toString());
            o.put("data", data.toString());
            o.put("frames", frames);
            o.put("rmse_e_mev_atom", rmseE);
            o.put("rmse_f_ev_a", rmseF);
            o.put("max_error_e_mev_atom", maxE * 1000);
            o.put("max_error_f_ev_a", maxF);
            ObjectNode pe = o.putObject("rmse_f_ev_a_per_element");
            perElement.forEach((el, acc) -> pe.put(el, Math.sqrt(acc[0] / acc[1])));
            if (counted) {
                o.put("extrapolation_frames", extrapolatingFrames);
                o.put("extrapolation_max_atoms", maxExtrapolatingAtoms);
            } else {
                o.putNull("extrapolation_frames");
                o.putNull("extrapolation_max_atoms");
            }
            Json.print(out, o);
        } else {
            out.printf(Locale.ROOT, "%d frames: RMSE %.3f meV/atom (max %.3f), forces %.4f eV/Å (max %.4f)%n", frames,
                    rmseE, maxE * 1000, rmseF, maxF);
            perElement.forEach((el, acc) -> out.printf(Locale.ROOT, "  %-3s force RMSE %.4f eV/Å%n", el,
                    Math.sqrt(acc[0] / acc[1])));
            out.println(!counted ? "extrapolation: not checked (the potential file has no training range)"
                    : String.format(Locale.ROOT, "extrapolation: %d of %d frames have atoms outside the training "
                    + "range (at most %d atoms)", extrapolatingFrames, frames, maxExtrapolatingAtoms));
        }
        return 0;
    }
}
