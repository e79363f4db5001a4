package kiseki.app.analysis;

/**
 * First coordination shell of one RDF pair (NaN where the pair has no neighbour within rmax).
 *
 * @param pair         centre-neighbour, e.g. "P-S"
 * @param peakR        first peak (Å)
 * @param peakG        g at the first peak
 * @param minimumR     first minimum (Å), where the coordination is read
 * @param coordination mean number of neighbours within {@code minimumR}
 */
public record CoordinationRow(String pair, double peakR, double peakG, double minimumR, double coordination) {
}
