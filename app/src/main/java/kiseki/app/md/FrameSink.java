package kiseki.app.md;

import kiseki.structure.Structure;

/**
 * What the trajectory player drives: a view of one structure whose atoms it moves frame by frame. The 3D viewer
 * ({@code kiseki.app.viewer.StructureViewer}: setStructure, updatePositions) fits this shape, so it plugs in as
 * {@code FrameSink.of(viewer::setStructure, viewer::updatePositions)} or by implementing the interface.
 */
public interface FrameSink {

    /** Shows {@code structure} (species, cell, first positions); called once per loaded trajectory. */
    void setStructure(Structure structure);

    /**
     * Moves the atoms to {@code positions} (3N Cartesian Å, same atoms and order as the structure) in place. The
     * array belongs to the player: read it, do not keep or change it.
     */
    void updatePositions(double[] positions);

    /** A sink from two callbacks. */
    static FrameSink of(java.util.function.Consumer<Structure> structure,
            java.util.function.Consumer<double[]> positions) {
        return new FrameSink() {
            @Override
            public void setStructure(Structure s) {
                structure.accept(s);
            }

            @Override
            public void updatePositions(double[] p) {
                positions.accept(p);
            }
        };
    }
}
