package kiseki.cli;

import kiseki.nnp.NnpModel;
import kiseki.nnp.NnpPotential;
import kiseki.potential.LennardJones;
import kiseki.potential.Potential;
import kiseki.potential.Potentials;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The potential of a simulation command ({@code md}, {@code mc}): a Kiseki potential file or Lennard-Jones parameters,
 * used as an exclusive {@code @ArgGroup(exclusive = true, multiplicity = "1")}.
 */
final class PotentialOptions {

    @Option(names = "--potential", paramLabel = "POT", description = "Kiseki potential file (delta-nnp, hdnnp, or any registered style such as pair-12-10-8-6).")
    Path file;

    @Option(names = "--lj", paramLabel = "EPS,SIGMA,RCUT[,shift]", description = "Lennard-Jones (eV, Å, Å), e.g. 0.0104,3.40,8.5; add ',shift' to shift energies to zero at the cutoff (LAMMPS pair_modify shift yes).")
    String lj;

    /** Loads the chosen potential; a neural-network potential evaluates on {@code threads} threads. */
    Potential load(int threads) throws Exception {
        if (lj != null) {
            String[] p = lj.split(",");
            if (p.length < 3 || p.length > 4 || (p.length == 4 && !p[3].strip().equals("shift"))) {
                throw new IllegalArgumentException("--lj needs EPS,SIGMA,RCUT[,shift], e.g. 0.0104,3.40,8.5");
            }
            LennardJones potential = LennardJones.of(Double.parseDouble(p[0]), Double.parseDouble(p[1]),
                    Double.parseDouble(p[2]));
            return p.length == 4 ? potential.withEnergyShift() : potential;
        }
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        } catch (java.io.IOException e) {
            root = null; // NnpModel.read below reports the problem with file and line
        }
        if (root != null && root.has("style") && !root.has("kind")) {
            // any registered style with a file of its own, e.g. a fitted pair term ("pair-12-10-8-6")
            return Potentials.style(root.get("style").asText()).load(file);
        }
        NnpModel model = NnpModel.read(file);
        return model.kind().equals(NnpModel.DELTA) || model.kind().equals(NnpModel.HDNNP)
                ? new NnpPotential(model, threads) : Potentials.style(model.kind()).load(file);
    }
}
