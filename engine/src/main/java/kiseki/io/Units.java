package kiseki.io;

/**
 * Unit conversions used at I/O boundaries. Inside the engine everything is Å, eV, fs, amu, K, e (LAMMPS "metal"
 * style, with fs for time). Values from docs/conventions.md (CODATA 2018).
 */
public final class Units {

    /** 1 Rydberg in eV. */
    public static final double RYDBERG_EV = 13.605693122994;
    /** 1 bohr in Å. */
    public static final double BOHR_ANGSTROM = 0.529177210903;
    /** Ry/bohr → eV/Å. */
    public static final double RY_PER_BOHR_TO_EV_PER_ANGSTROM = RYDBERG_EV / BOHR_ANGSTROM;
    /** Ry/bohr³ → eV/Å³. */
    public static final double RY_PER_BOHR3_TO_EV_PER_ANGSTROM3 = RYDBERG_EV / (BOHR_ANGSTROM * BOHR_ANGSTROM * BOHR_ANGSTROM);
    /** 1 eV/Å³ in GPa. */
    public static final double EV_PER_ANGSTROM3_TO_GPA = 160.2176634;
    /** 1 kbar in eV/Å³. */
    public static final double KBAR_TO_EV_PER_ANGSTROM3 = 0.1 / EV_PER_ANGSTROM3_TO_GPA;
    /** Boltzmann constant in eV/K. */
    public static final double BOLTZMANN_EV_PER_K = 8.617333262e-5;
    /** amu·Å²/fs² in eV: a[Å/fs²] = F[eV/Å] / m[amu] / this. */
    public static final double AMU_A2_PER_FS2_EV = 103.6427;
    /** Å/ps (LAMMPS metal velocity) → Å/fs. */
    public static final double ANGSTROM_PER_PS_TO_PER_FS = 1e-3;
    /** Mass density: amu/Å³ → g/cm³ (1 amu = 1.66053906660e-24 g, 1 Å³ = 1e-24 cm³). */
    public static final double AMU_PER_A3_TO_G_PER_CM3 = 1.66053906660;

    private Units() {
    }
}
