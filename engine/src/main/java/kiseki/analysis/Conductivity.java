package kiseki.analysis;

/** Nernst–Einstein conductivity from a tracer diffusion coefficient (conventions.md, Ionic transport). */
public final class Conductivity {

    /** Elementary charge (C). */
    public static final double ELEMENTARY_CHARGE_C = 1.602176634e-19;
    /** Boltzmann constant in SI (J/K), as conventions.md writes the formula. */
    public static final double BOLTZMANN_J_PER_K = 1.380649e-23;
    /** 1 Å⁻³ = 1e24 cm⁻³. */
    public static final double PER_A3_TO_PER_CM3 = 1e24;

    private Conductivity() {
    }

    /**
     * σ[S/cm] = n[Å⁻³]·1e24 · z² · e² · D[cm²/s] / (k_B · T).
     *
     * @param nPerA3 number density of the mobile ion (Å⁻³)
     * @param z      ion charge number (1 for Li⁺)
     * @param dCm2S  tracer diffusion coefficient (cm²/s)
     * @param kelvin temperature (K)
     */
    public static double nernstEinstein(double nPerA3, double z, double dCm2S, double kelvin) {
        if (!(kelvin > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + kelvin);
        }
        return nPerA3 * PER_A3_TO_PER_CM3 * z * z * ELEMENTARY_CHARGE_C * ELEMENTARY_CHARGE_C * dCm2S
                / (BOLTZMANN_J_PER_K * kelvin);
    }
}
