package kiseki.dft;

/** Kind of pseudopotential, which sets how large the charge-density cutoff must be. */
public enum PseudoType {
    /** Norm-conserving (UPF types "NC" and "SL"; ecutrho = 4 × ecutwfc suffices). */
    NC,
    /** Ultrasoft (UPF types "US" and "USPP"; augmentation charges need ecutrho ≈ 8–12 × ecutwfc). */
    US,
    /** Projector augmented wave ("PAW"; like ultrasoft, ecutrho ≈ 8–12 × ecutwfc). */
    PAW;

    /** Whether the charge density carries augmentation terms (ultrasoft or PAW). */
    public boolean augmented() {
        return this != NC;
    }
}
