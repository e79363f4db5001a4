package kiseki.app.analysis;

import kiseki.analysis.Rdf;
import kiseki.project.Artefact;

import java.util.List;

/**
 * A computed RDF: the accumulated {@link Rdf} (g(r), n(r) per pair), the first shells, the CSV the analysis wrote and
 * the ANALYSIS artefact it was stored as (null without a project).
 */
public record RdfResult(String source, Rdf rdf, List<CoordinationRow> shells, String csv, Artefact artefact) {

    /** The centre (Å) of each bin, where g(r) is given. */
    public double[] binCentres() {
        double[] r = new double[rdf.bins()];
        for (int b = 0; b < r.length; b++) {
            r[b] = rdf.r(b);
        }
        return r;
    }

    /** The upper edge (Å) of each bin, where the running coordination n(r) is given. */
    public double[] binUpperEdges() {
        double[] r = new double[rdf.bins()];
        for (int b = 0; b < r.length; b++) {
            r[b] = rdf.rUpper(b);
        }
        return r;
    }

    /** Running coordination of {@code pair} at distance r (Å); NaN for an unknown pair. */
    public double coordinationAt(String pair, double r) {
        int p = rdf.indexOf(pair);
        return p < 0 ? Double.NaN : rdf.coordinationAt(p, r);
    }
}
