package kiseki.io;

import java.util.List;

/**
 * Options for writing structures.
 *
 * @param typeElements element symbol for each LAMMPS atom type (index 0 = type 1); empty = the structure's elements
 *                     in order of first appearance
 */
public record WriteOptions(List<String> typeElements) {

    public static final WriteOptions DEFAULT = new WriteOptions(List.of());

    public WriteOptions {
        typeElements = List.copyOf(typeElements);
    }
}
