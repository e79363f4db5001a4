package kiseki.structure;

/**
 * A chemical element as read from the periodic-table resource.
 *
 * @param z              atomic number
 * @param symbol         chemical symbol, e.g. "Li"
 * @param name           English name
 * @param mass           standard atomic weight (amu)
 * @param covalentRadius covalent radius (Å, Cordero et al. 2008)
 * @param jmolColor      Jmol colour as "#RRGGBB"
 */
public record Element(int z, String symbol, String name, double mass, double covalentRadius, String jmolColor) {

    /** The Jmol colour as a packed 0xRRGGBB integer. */
    public int rgb() {
        return Integer.parseInt(jmolColor.substring(1), 16);
    }

    @Override
    public String toString() {
        return symbol;
    }
}
