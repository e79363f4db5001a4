package kiseki.md;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import kiseki.nnp.NnpModel;
import kiseki.nnp.NnpPotential;
import kiseki.potential.LennardJones;
import kiseki.potential.Potential;
import kiseki.potential.Potentials;

/**
 * Everything that defines an MD run apart from its start structure: the potential (Lennard-Jones numbers or a
 * potential file), ensemble and thermostat, temperature, time step, length, output intervals and the random seed.
 * Stored as the parameters of an {@code md} job ({@link #toParameters()}, {@link #fromParameters}), so a job can be
 * run, and continued after a restart, from its folder alone.
 *
 * @param lennardJones    {@code EPS,SIGMA,RCUT[,shift]} (eV, Å, Å), or null when a potential file is used
 * @param potentialFile   a Kiseki potential file (relative paths are resolved against the folder given to
 *                        {@link #potential}), or null for Lennard-Jones
 * @param ensemble        {@code nve} or {@code nvt}
 * @param thermostat      for NVT: {@code nhc} (Nosé–Hoover chain of 3), {@code langevin} or {@code csvr} (Bussi)
 * @param tauFs           thermostat time constant (fs)
 * @param temperatureK    start (Maxwell–Boltzmann) and target temperature (K)
 * @param timestepFs      time step (fs)
 * @param steps           number of steps of the whole run
 * @param thermoEvery     steps between thermo records
 * @param trajectoryEvery steps between trajectory frames, 0 for no trajectory
 * @param trajectory      trajectory file format
 * @param restartEvery    steps between restart files
 * @param seed            random seed (velocities; the stochastic thermostats use seed + 1)
 * @param threads         threads for a trained potential
 */
public record MdSettings(String lennardJones, String potentialFile, String ensemble, String thermostat, double tauFs,
        double temperatureK, double timestepFs, long steps, int thermoEvery, int trajectoryEvery,
        TrajectoryFormat trajectory, int restartEvery, long seed, int threads) {

    public MdSettings {
        if ((lennardJones == null) == (potentialFile == null)) {
            throw new IllegalArgumentException("give either Lennard-Jones parameters or a potential file");
        }
        if (lennardJones != null) {
            lennardJones(lennardJones); // fails now, with a clear message, rather than when the run starts
        }
        ensemble = ensemble.strip().toLowerCase(Locale.ROOT);
        thermostat = thermostat.strip().toLowerCase(Locale.ROOT);
        if (!ensemble.equals("nve") && !ensemble.equals("nvt")) {
            throw new IllegalArgumentException("the ensemble must be nve or nvt, not '" + ensemble + "'");
        }
        if (!thermostat.equals("nhc") && !thermostat.equals("langevin") && !thermostat.equals("csvr")
                && !thermostat.equals("bussi")) {
            throw new IllegalArgumentException("the thermostat must be nhc, langevin or csvr, not '" + thermostat + "'");
        }
        positive(tauFs, "the thermostat time constant (fs)");
        positive(timestepFs, "the time step (fs)");
        if (!(temperatureK >= 0) || !Double.isFinite(temperatureK)) {
            throw new IllegalArgumentException("the temperature must be a non-negative number of kelvin, got "
                    + temperatureK);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("the run needs at least 1 step, got " + steps);
        }
        if (thermoEvery < 1 || restartEvery < 1 || trajectoryEvery < 0) {
            throw new IllegalArgumentException("output intervals must be at least 1 step (trajectory: 0 = none)");
        }
        if (trajectory == null) {
            trajectory = TrajectoryFormat.EXTXYZ;
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    private static void positive(double value, String what) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }

    /** These settings with the potential read from {@code file} (e.g. the copy in a job folder). */
    public MdSettings withPotentialFile(String file) {
        return new MdSettings(null, file, ensemble, thermostat, tauFs, temperatureK, timestepFs, steps, thermoEvery,
                trajectoryEvery, trajectory, restartEvery, seed, threads);
    }

    /** A fresh thermostat of the kind these settings name ({@link Thermostat#none()} for NVE). */
    public Thermostat newThermostat() {
        if (ensemble.equals("nve")) {
            return Thermostat.none();
        }
        return switch (thermostat) {
            case "langevin" -> new Langevin(temperatureK, tauFs, seed + 1);
            case "csvr", "bussi" -> new Bussi(temperatureK, tauFs, seed + 1);
            default -> new NoseHooverChain(temperatureK, tauFs, 3);
        };
    }

    /** The potential; a relative {@link #potentialFile()} is looked up in {@code folder}. */
    public Potential potential(Path folder) throws IOException {
        if (lennardJones != null) {
            return lennardJones(lennardJones);
        }
        Path file = Path.of(potentialFile);
        return loadPotential(folder == null ? file : folder.resolve(file), threads);
    }

    /** Lennard-Jones from {@code EPS,SIGMA,RCUT[,shift]} (eV, Å, Å); ',shift' shifts energies to 0 at the cutoff. */
    public static LennardJones lennardJones(String spec) {
        String[] p = spec.split(",");
        if (p.length < 3 || p.length > 4 || (p.length == 4 && !p[3].strip().equals("shift"))) {
            throw new IllegalArgumentException("Lennard-Jones needs EPS,SIGMA,RCUT[,shift], e.g. 0.0104,3.40,8.5; got '"
                    + spec + "'");
        }
        double[] v = new double[3];
        for (int k = 0; k < 3; k++) {
            try {
                v[k] = Double.parseDouble(p[k].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Lennard-Jones parameter '" + p[k] + "' is not a number");
            }
        }
        LennardJones lj = LennardJones.of(v[0], v[1], v[2]);
        return p.length == 4 ? lj.withEnergyShift() : lj;
    }

    /**
     * A potential from a Kiseki potential file: Δ-NNP and HDNNP (on {@code threads} threads), or any registered
     * style whose file names it (e.g. a fitted pair term).
     */
    public static Potential loadPotential(Path file, int threads) throws IOException {
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            root = null; // NnpModel.read below reports the problem with file and line
        }
        if (root != null && root.has("style") && !root.has("kind")) {
            // any registered style with a file of its own, e.g. a fitted pair term ("pair-12-10-8-6")
            return kiseki.potential.Potentials.style(root.get("style").asText()).load(file);
        }
        NnpModel model = NnpModel.read(file);
        return model.kind().equals(NnpModel.DELTA) || model.kind().equals(NnpModel.HDNNP)
                ? new NnpPotential(model, threads) : Potentials.style(model.kind()).load(file);
    }

    /** These settings as JSON values for a job's parameters. */
    public Map<String, Object> toParameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (lennardJones != null) {
            m.put("lj", lennardJones);
        } else {
            m.put("potential_file", potentialFile);
        }
        m.put("ensemble", ensemble);
        m.put("thermostat", thermostat);
        m.put("tau_fs", tauFs);
        m.put("temperature_K", temperatureK);
        m.put("timestep_fs", timestepFs);
        m.put("steps", steps);
        m.put("thermo_every", thermoEvery);
        m.put("trajectory_every", trajectoryEvery);
        m.put("trajectory_format", trajectory.id());
        m.put("restart_every", restartEvery);
        m.put("seed", seed);
        m.put("threads", threads);
        return m;
    }

    /** Settings from a job's parameters (other keys are ignored). */
    public static MdSettings fromParameters(Map<String, Object> p) {
        return new MdSettings((String) p.get("lj"), (String) p.get("potential_file"), text(p, "ensemble"),
                text(p, "thermostat"), number(p, "tau_fs").doubleValue(), number(p, "temperature_K").doubleValue(),
                number(p, "timestep_fs").doubleValue(), number(p, "steps").longValue(),
                number(p, "thermo_every").intValue(), number(p, "trajectory_every").intValue(),
                TrajectoryFormat.fromId(text(p, "trajectory_format")), number(p, "restart_every").intValue(),
                number(p, "seed").longValue(), number(p, "threads").intValue());
    }

    private static String text(Map<String, Object> p, String key) {
        if (!(p.get(key) instanceof String s)) {
            throw new IllegalArgumentException("the MD settings have no text '" + key + "'");
        }
        return s;
    }

    private static Number number(Map<String, Object> p, String key) {
        if (!(p.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("the MD settings have no number '" + key + "'");
        }
        return n;
    }
}
