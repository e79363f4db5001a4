package kiseki.app.analysis;

import kiseki.analysis.Rdf;
import kiseki.project.Artefact;

import java.util.List;

/**
 * A computed RDF: the accumulated {@link Rdf} (g(r), n(r) per pair), the first shells, the CSV the analysis wrote and
 * the ANALYSIS artefact it was stored as (null without a project).
 */
public record RdfResult(String source, Rdf rdf, List<CoordinationRow> shells, String csv, Artefact artefact) {

    /** Running coordination of {@code pair} at distance r (Å); NaN for an unknown pair. */
    public double coordinationAt(String pair, double r) {
        int p = rdf.indexOf(pair);
        return p < 0 ? Double.NaN : rdf.coordinationAt(p, r);
    }
}
