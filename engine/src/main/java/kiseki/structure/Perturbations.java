package kiseki.structure;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Randomly displaced copies of a structure, the seed's way of making teacher data: every atom moves by a distance
 * drawn uniformly from [min, max] Å in a uniformly random direction; optionally the cell is strained by a random
 * symmetric strain with components in [−ε, ε] (atoms follow the cell). Seeded, so the same settings give the same
 * structures.
 */
public final class Perturbations {

    /** How many draws a structure gets before the generator gives up on the minimum-distance check. */
    static final int MAX_ATTEMPTS = 100;

    /**
     * @param count           number of structures
     * @param minDisplacement smallest displacement per atom (Å)
     * @param maxDisplacement largest displacement per atom (Å)
     * @param maxStrain       largest strain component (0 = keep the cell)
     * @param seed            random seed
     * @param minDistance     reject a draw whose closest pair is nearer than this (Å); 0 = no check
     */
    public record Settings(int count, double minDisplacement, double maxDisplacement, double maxStrain, long seed,
            double minDistance) {

        public Settings {
            if (count < 1) {
                throw new IllegalArgumentException("count must be at least 1, got " + count);
            }
            if (!(minDisplacement >= 0) || !(maxDisplacement >= minDisplacement)) {
                throw new IllegalArgumentException("need 0 ≤ min ≤ max displacement, got min " + minDisplacement
                        + " Å, max " + maxDisplacement + " Å");
            }
            if (!(maxStrain >= 0 && maxStrain < 0.5)) {
                throw new IllegalArgumentException("strain must lie in [0, 0.5), got " + maxStrain);
            }
            if (!(minDistance >= 0)) {
                throw new IllegalArgumentException("minimum distance must be ≥ 0, got " + minDistance);
            }
        }
    }

    private Perturbations() {
    }

    public static List<Structure> generate(Structure base, Settings settings) {
        if (settings.maxStrain() > 0 && !base.hasLattice()) {
            throw new IllegalArgumentException("cell strain needs a structure with a cell");
        }
        SplittableRandom root = new SplittableRandom(settings.seed());
        List<Structure> out = new ArrayList<>(settings.count());
        for (int k = 0; k < settings.count(); k++) {
            // one independent stream per structure: structure k does not depend on rejections of earlier ones
            SplittableRandom rnd = root.split();
            Structure s = null;
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Structure trial = perturbOnce(base, settings, rnd);
                if (settings.minDistance() <= 0 || MinimumDistance.of(trial).distance() >= settings.minDistance()) {
                    s = trial;
                    break;
                }
            }
            if (s == null) {
                throw new IllegalStateException("could not place atoms at least " + settings.minDistance()
                        + " Å apart in " + MAX_ATTEMPTS + " draws for structure " + (k + 1)
                        + "; lower the displacements or the minimum distance");
            }
            out.add(s);
        }
        return out;
    }

    private static Structure perturbOnce(Structure base, Settings settings, SplittableRandom rnd) {
        Structure s = base.copy();
        if (settings.maxStrain() > 0) {
            double e = settings.maxStrain();
            double xx = rnd.nextDouble(-e, e);
            double yy = rnd.nextDouble(-e, e);
            double zz = rnd.nextDouble(-e, e);
            double yz = rnd.nextDouble(-e, e);
            double xz = rnd.nextDouble(-e, e);
            double xy = rnd.nextDouble(-e, e);
            s.setLattice(s.lattice().strained(new double[] {xx, xy, xz, xy, yy, yz, xz, yz, zz}), true);
        }
        double[] p = s.positions();
        double span = settings.maxDisplacement() - settings.minDisplacement();
        for (int i = 0; i < s.size(); i++) {
            double r = settings.minDisplacement() + (span > 0 ? span * rnd.nextDouble() : 0);
            // uniform direction on the sphere: z uniform in [-1,1], azimuth uniform
            double z = 2 * rnd.nextDouble() - 1;
            double phi = 2 * Math.PI * rnd.nextDouble();
            double rho = Math.sqrt(1 - z * z);
            p[3 * i] += r * rho * Math.cos(phi);
            p[3 * i + 1] += r * rho * Math.sin(phi);
            p[3 * i + 2] += r * z;
        }
        return s;
    }
}
