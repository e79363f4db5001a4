package kiseki.cli;

import kiseki.md.MdSettings;

import kiseki.potential.Potential;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The potential of a simulation command ({@code md}, {@code mc}): a Kiseki potential file or Lennard-Jones parameters,
 * used as an exclusive {@code @ArgGroup(exclusive = true, multiplicity = "1")}.
 */
final class PotentialOptions {

    @Option(names = "--potential", paramLabel = "POT", description = "Kiseki potential file (delta-nnp, hdnnp, or any registered style such as pair-12-10-8-6); for md --project also a potential artefact id.")
    Path file;

    @Option(names = "--lj", paramLabel = "EPS,SIGMA,RCUT[,shift]", description = "Lennard-Jones (eV, Å, Å), e.g. 0.0104,3.40,8.5; add ',shift' to shift energies to zero at the cutoff (LAMMPS pair_modify shift yes).")
    String lj;

    /** Loads the chosen potential; a neural-network potential evaluates on {@code threads} threads. */
    Potential load(int threads) throws Exception {
        return lj != null ? MdSettings.lennardJones(lj) : MdSettings.loadPotential(file, threads);
    }
}
