package kiseki.io;

/** Quantum ESPRESSO's atomic (Rydberg) units in Kiseki's units (Å, eV), from the CODATA 2018 bohr and rydberg. */
public final class QePwUnits {

    /** 1 bohr in Å. */
    public static final double BOHR_IN_ANGSTROM = 0.529177210903;

    /** 1 Ry in eV. */
    public static final double RY_IN_EV = 13.605693122994;

    /**
     * 1 Ry/bohr in eV/Å = 25.711033738162943, derived from the two constants above. (The figure 25.71104309541616
     * quoted elsewhere is 3.6e-7 larger and does not follow from these two constants.)
     */
    public static final double RY_PER_BOHR_IN_EV_PER_ANGSTROM = RY_IN_EV / BOHR_IN_ANGSTROM;

    /** 1 Ry/bohr³ in eV/Å³ = 91.81576822484752, derived from the two constants above. */
    public static final double RY_PER_BOHR3_IN_EV_PER_ANGSTROM3 =
            RY_IN_EV / (BOHR_IN_ANGSTROM * BOHR_IN_ANGSTROM * BOHR_IN_ANGSTROM);

    private QePwUnits() {
    }
}
