package kiseki.md;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import kiseki.io.LammpsDumpFormat;

/**
 * The file formats an MD trajectory can be written in.
 * <ul>
 *   <li>{@link #EXTXYZ}: extended XYZ, one frame per block, with the cell, unwrapped positions, forces and
 *       velocities (Å/fs), the energy and {@code step=} / {@code time_fs=} in the comment line.</li>
 *   <li>{@link #LAMMPS_DUMP}: a LAMMPS text dump in metal units, {@code ITEM: ATOMS id type element xu yu zu fx fy fz
 *       vx vy vz} (unwrapped Å, eV/Å, Å/ps), {@code ITEM: UNITS metal} once at the top and {@code ITEM: TIME} (ps)
 *       before every {@code ITEM: TIMESTEP}, as LAMMPS writes with {@code dump_modify units yes time yes}.</li>
 *   <li>{@link #LAMMPS_DUMP_IMAGES}: the same with coordinates wrapped into the box plus image flags,
 *       {@code x y z ix iy iz}, for tools that want those.</li>
 * </ul>
 * The dump formats rotate a general cell into LAMMPS's restricted triclinic orientation (a along x, b in the xy
 * plane); for such cells (orthorhombic ones included) positions are written as they are.
 */
public enum TrajectoryFormat {
    EXTXYZ("extxyz"),
    LAMMPS_DUMP("lammps-dump"),
    LAMMPS_DUMP_IMAGES("lammps-dump-images");

    private final String id;

    TrajectoryFormat(String id) {
        this.id = id;
    }

    /** The name used on the command line and in job settings, e.g. {@code "lammps-dump"}. */
    public String id() {
        return id;
    }

    /**
     * The format a file name asks for: {@code .lammpstrj} and {@code .dump} are LAMMPS dumps (unwrapped
     * coordinates), anything else extended XYZ.
     */
    public static TrajectoryFormat forPath(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".lammpstrj") || name.endsWith(".dump") ? LAMMPS_DUMP : EXTXYZ;
    }

    /** The format named {@code name} ({@code extxyz}, {@code lammps-dump} or {@code lammps-dump-images}). */
    public static TrajectoryFormat fromId(String name) {
        for (TrajectoryFormat f : values()) {
            if (f.id.equalsIgnoreCase(name.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown trajectory format '" + name
                + "'; use extxyz, lammps-dump (unwrapped xu yu zu) or lammps-dump-images (x y z ix iy iz)");
    }

    /** The usual file extension, with the dot. */
    public String extension() {
        return this == EXTXYZ ? ".extxyz" : ".lammpstrj";
    }

    /**
     * Opens {@code file} for writing frames.
     *
     * @param append true = add frames after those already in the file (created when missing); false = start a new
     *               file, replacing any old one
     */
    public TrajectoryWriter open(Path file, boolean append) throws IOException {
        return switch (this) {
            case EXTXYZ -> ExtxyzTrajectoryWriter.open(file, append);
            case LAMMPS_DUMP -> LammpsDumpTrajectoryWriter.open(file, append, this,
                    LammpsDumpFormat.Coordinates.UNWRAPPED);
            case LAMMPS_DUMP_IMAGES -> LammpsDumpTrajectoryWriter.open(file, append, this,
                    LammpsDumpFormat.Coordinates.WRAPPED_WITH_IMAGES);
        };
    }

    /**
     * Cuts a trajectory written in this format back to its frames of steps up to {@code step}: every frame from the
     * first one of a later step on is removed, and so is a torn last frame (a run killed while writing it). Used
     * before a run continues from a restart file of step {@code step}, so that no frame appears twice. A missing
     * file is left missing.
     *
     * @return the number of frames kept
     */
    public int truncateAfter(Path file, long step) throws IOException {
        return switch (this) {
            case EXTXYZ -> TrajectoryTruncation.extxyz(file, step);
            case LAMMPS_DUMP, LAMMPS_DUMP_IMAGES -> TrajectoryTruncation.lammpsDump(file, step);
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
