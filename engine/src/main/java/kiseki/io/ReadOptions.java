package kiseki.io;

import java.util.List;

/**
 * Options for reading structures.
 *
 * @param orderDisorder    for sites with partial occupancy: false = refuse with an error naming the sites;
 *                         true = keep the majority species per site and record a warning on the frame
 * @param typeElements     element symbol for each LAMMPS atom type (index 0 = type 1); empty = infer from masses
 *                         or from the file's comments when possible
 */
public record ReadOptions(boolean orderDisorder, List<String> typeElements) {

    public static final ReadOptions DEFAULT = new ReadOptions(false, List.of());

    public ReadOptions {
        typeElements = List.copyOf(typeElements);
    }

    public ReadOptions withOrderDisorder(boolean order) {
        return new ReadOptions(order, typeElements);
    }

    public ReadOptions withTypeElements(List<String> elements) {
        return new ReadOptions(orderDisorder, elements);
    }
}
