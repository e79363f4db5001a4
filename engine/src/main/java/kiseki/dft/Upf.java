package kiseki.dft;

import kiseki.io.FormatException;
import kiseki.io.LineSource;
import kiseki.io.Numbers;
import kiseki.structure.Element;
import kiseki.structure.PeriodicTable;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a pseudopotential file in the Unified Pseudopotential Format (UPF) of Quantum ESPRESSO: what a
 * workbench needs to choose pseudopotentials and cutoffs, without the radial tables.
 *
 * <p>Both layouts are read: UPF v1 (a {@code <PP_HEADER>} block of free-text lines: version, element, "NC"/"US"/
 * "PAW", nonlinear core correction, functional, Z valence, total energy, suggested cutoffs) and UPF v2
 * ({@code <UPF version="2.0.1">} with the attributes of {@code <PP_HEADER .../>}). The suggested cutoffs come from the
 * {@code <PP_INFO>} text that pslibrary / ld1.x write ("Suggested minimum cutoff for wavefunctions:  34. Ry"), else
 * from the header ({@code wfc_cutoff} / {@code rho_cutoff} in v2, the "Suggested cutoff for wfc and rho" line in v1);
 * zero means "none suggested". The file is streamed and reading stops at the end of the header, so a multi-MB file
 * costs a few kB of reading.
 *
 * @param file              the file read
 * @param element           element symbol, normalised ("P", not " P")
 * @param pseudoType        NC, US or PAW
 * @param functional        normalised exchange-correlation name: "PZ" (LDA, Perdew–Zunger), "PW" (LDA,
 *                          Perdew–Wang), "PBE", "PBESOL", "PW91", "BLYP", "REVPBE", "TPSS", else the raw text with
 *                          single spaces, upper case
 * @param rawFunctional     the functional as written in the file, trimmed
 * @param zValence          valence charge (electrons treated explicitly, e.g. 3 for Li with the 1s semicore)
 * @param coreCorrection    nonlinear core correction
 * @param suggestedEcutwfc  suggested minimum wave-function cutoff (Ry), empty when the file suggests none
 * @param suggestedEcutrho  suggested minimum charge-density cutoff (Ry), empty when the file suggests none
 * @param upfVersion        "1" for UPF v1, else the version attribute of the {@code <UPF>} root ("2.0.1")
 */
public record Upf(Path file, String element, PseudoType pseudoType, String functional, String rawFunctional,
        double zValence, boolean coreCorrection, OptionalDouble suggestedEcutwfc, OptionalDouble suggestedEcutrho,
        String upfVersion) {

    /** A header this far into a file means the file is not a pseudopotential (PP_INFO is at most a few hundred lines). */
    static final int MAX_LINES_BEFORE_HEADER = 50_000;

    private static final Pattern UPF_ROOT = Pattern.compile("<UPF\\s+version\\s*=\\s*[\"']([^\"']*)[\"']");
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "([A-Za-z_][A-Za-z0-9_.:-]*)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')");
    private static final Pattern INFO_WFC = Pattern.compile(
            "Suggested minimum cutoff for wavefunctions:\\s*([-+0-9.eEdD]+)\\s*Ry");
    private static final Pattern INFO_RHO = Pattern.compile(
            "Suggested minimum cutoff for charge density:\\s*([-+0-9.eEdD]+)\\s*Ry");

    public Upf {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(element, "element");
        Objects.requireNonNull(pseudoType, "pseudoType");
        Objects.requireNonNull(functional, "functional");
        Objects.requireNonNull(rawFunctional, "rawFunctional");
        Objects.requireNonNull(suggestedEcutwfc, "suggestedEcutwfc");
        Objects.requireNonNull(suggestedEcutrho, "suggestedEcutrho");
        Objects.requireNonNull(upfVersion, "upfVersion");
    }

    /** The file name without folder ("Si.pz-vbc.UPF"), as pw.x's ATOMIC_SPECIES card names it. */
    public String fileName() {
        return file.getFileName().toString();
    }

    /** The functional for people: "PZ (LDA)", "PW (LDA)", otherwise the normalised name. */
    public String functionalDescription() {
        return describeFunctional(functional);
    }

    /** A normalised functional name for people: LDA flavours say so ("PZ (LDA)"). */
    public static String describeFunctional(String functional) {
        return switch (functional) {
            case "PZ", "PW" -> functional + " (LDA)";
            default -> functional;
        };
    }

    /**
     * Whether the file name follows pslibrary's pattern {@code El.functional-valence-type_psl.version.UPF}
     * ("Li.pbe-s-rrkjus_psl.1.0.0.UPF"): such files come with tested suggested cutoffs.
     */
    public boolean isPslibrary() {
        return fileName().toLowerCase(Locale.ROOT).contains("_psl.");
    }

    @Override
    public String toString() {
        return fileName() + " (" + element + ", " + pseudoType + ", " + functionalDescription() + ", Z = "
                + zValence + ")";
    }

    // ------------------------------------------------------------------------------------------------ reading

    /**
     * Reads the header of a UPF file. Bytes outside ASCII (author names in Latin-1, say) are accepted: everything
     * read here is ASCII.
     *
     * @throws FormatException with the file and line when the header is missing or incomplete
     * @throws IOException     when the file cannot be read
     */
    public static Upf read(Path file) throws IOException {
        try (LineSource in = new LineSource(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.ISO_8859_1), file.toString())) {
            return new Reader(file, in).read();
        }
    }

    /** Normalises a functional as UPF files write it ("SLA PW PBX PBC", " SLA  PZ   NOGX NOGC", "PBE"). */
    public static String normaliseFunctional(String raw) {
        String[] t = raw.strip().toUpperCase(Locale.ROOT).split("\\s+");
        if (t.length == 1) {
            return t[0].equals("LDA") ? "PZ" : t[0];
        }
        if (t.length >= 4) {
            String key = t[0] + " " + t[1] + " " + t[2] + " " + t[3];
            String name = switch (key) {
                case "SLA PZ NOGX NOGC" -> "PZ";
                case "SLA PW NOGX NOGC" -> "PW";
                // older files write PBE for the PBX/PBC gradient corrections
                case "SLA PW PBX PBC", "SLA PW PBE PBE", "SLA PW PBX PBE", "SLA PW PBE PBC" -> "PBE";
                case "SLA PW PSX PSC" -> "PBESOL";
                case "SLA PW GGX GGC" -> "PW91";
                case "SLA LYP B88 BLYP" -> "BLYP";
                case "SLA PW RPB PBC", "SLA PW REVX PBC" -> "REVPBE";
                case "SLA PW TPSS TPSS" -> "TPSS";
                default -> null;
            };
            if (name != null && (t.length == 4 || t.length == 5 && t[4].equals(name))) {
                return name;
            }
        }
        return String.join(" ", t);
    }

    /** Streams a UPF file up to the end of its header. */
    private static final class Reader {
        private final Path file;
        private final LineSource in;
        private String version;
        private Double infoWfc;
        private Double infoRho;

        Reader(Path file, LineSource in) {
            this.file = file;
            this.in = in;
        }

        Upf read() throws IOException {
            String line;
            while ((line = in.next()) != null) {
                if (in.lineNumber() > MAX_LINES_BEFORE_HEADER) {
                    throw in.error("no <PP_HEADER> in the first " + MAX_LINES_BEFORE_HEADER
                            + " lines: this is not a UPF pseudopotential file");
                }
                String t = line.strip();
                Matcher m;
                if (version == null && (m = UPF_ROOT.matcher(t)).find()) {
                    version = m.group(1).strip();
                    if (version.isEmpty()) {
                        throw in.error("the <UPF> tag has an empty version");
                    }
                } else if (t.startsWith("<qe_pp:pseudo") || t.startsWith("<pp_header")) {
                    throw in.error("this UPF file uses the XML-schema layout (qe_pp:pseudo), which is not supported;"
                            + " convert it to UPF v2 with Quantum ESPRESSO's upfconv.x");
                } else if (t.startsWith("<PP_INFO")) {
                    readInfo(t);
                } else if (t.startsWith("<PP_HEADER")) {
                    String rest = t.substring("<PP_HEADER".length()).strip();
                    if (rest.equals(">")) {
                        return readV1Header();
                    }
                    if (!rest.isEmpty() && !Character.isWhitespace(t.charAt("<PP_HEADER".length()))
                            && rest.charAt(0) != '/') {
                        continue; // some other tag such as <PP_HEADERX>
                    }
                    return readV2Header(line.substring(line.indexOf("<PP_HEADER") + "<PP_HEADER".length()));
                }
            }
            throw in.error(0, version != null ? "the file ends before its <PP_HEADER>"
                    : "no <PP_HEADER> found: this is not a UPF pseudopotential file");
        }

        /** PP_INFO is free text; pslibrary writes the suggested cutoffs there. */
        private void readInfo(String first) throws IOException {
            String line = first;
            int start = in.lineNumber();
            while (true) {
                Matcher m = INFO_WFC.matcher(line);
                if (infoWfc == null && m.find()) {
                    infoWfc = number(m.group(1), "the suggested wave-function cutoff");
                }
                m = INFO_RHO.matcher(line);
                if (infoRho == null && m.find()) {
                    infoRho = number(m.group(1), "the suggested charge-density cutoff");
                }
                if (line.contains("</PP_INFO>")) {
                    return;
                }
                line = in.next();
                if (line == null) {
                    throw in.error(in.lineNumber() + 1, "<PP_INFO> opened on line " + start + " is not closed");
                }
                if (in.lineNumber() > MAX_LINES_BEFORE_HEADER) {
                    throw in.error("<PP_INFO> opened on line " + start + " is not closed within "
                            + MAX_LINES_BEFORE_HEADER + " lines");
                }
            }
        }

        // ---------------------------------------------------------------------------------------------- UPF v2

        private Upf readV2Header(String afterTag) throws IOException {
            int headerLine = in.lineNumber();
            // the attributes, with the line each starts on
            StringBuilder text = new StringBuilder();
            List<int[]> lineStarts = new ArrayList<>(); // {offset in text, line number}
            String piece = afterTag;
            while (true) {
                lineStarts.add(new int[] {text.length(), in.lineNumber()});
                int end = tagEnd(text, piece);
                if (end >= 0) {
                    text.append(piece, 0, end);
                    break;
                }
                text.append(piece).append('\n');
                piece = in.next();
                if (piece == null) {
                    throw in.error(in.lineNumber() + 1, "the <PP_HEADER tag opened on line " + headerLine
                            + " is not closed");
                }
                if (in.lineNumber() - headerLine > 1000) {
                    throw in.error("the <PP_HEADER tag opened on line " + headerLine + " is not closed within 1000"
                            + " lines");
                }
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            Map<String, Integer> lines = new LinkedHashMap<>();
            Matcher m = ATTRIBUTE.matcher(text);
            while (m.find()) {
                String name = m.group(1).toLowerCase(Locale.ROOT);
                String value = xmlUnescape(m.group(2) != null ? m.group(2) : m.group(3));
                attributes.putIfAbsent(name, value);
                lines.putIfAbsent(name, lineAt(lineStarts, m.start()));
            }

            String elementText = require(attributes, "element", headerLine);
            String symbol = element(elementText, lines.get("element"));
            String typeText = require(attributes, "pseudo_type", headerLine).strip();
            PseudoType type = switch (typeText.toUpperCase(Locale.ROOT)) {
                case "NC", "SL", "1/R" -> PseudoType.NC;
                case "US", "USPP" -> PseudoType.US;
                case "PAW" -> PseudoType.PAW;
                default -> throw in.error(lines.get("pseudo_type"), "pseudo_type '" + typeText
                        + "' is not one of NC, SL, US, USPP, PAW");
            };
            // pw.x goes by the flags when they say more than the type
            if (isTrue(attributes.get("is_paw"))) {
                type = PseudoType.PAW;
            } else if (type == PseudoType.NC && isTrue(attributes.get("is_ultrasoft"))) {
                type = PseudoType.US;
            }
            String functionalText = require(attributes, "functional", headerLine).strip();
            if (functionalText.isEmpty()) {
                throw in.error(lines.get("functional"), "the functional is empty");
            }
            double z = numberAttribute(attributes, lines, "z_valence", headerLine, "the valence charge z_valence");
            if (!(z > 0) || z > 200) {
                throw in.error(lines.get("z_valence"), "z_valence = " + attributes.get("z_valence")
                        + " is not a valence charge");
            }
            boolean nlcc = bool(attributes.getOrDefault("core_correction", "false"),
                    lines.getOrDefault("core_correction", headerLine), "core_correction");
            OptionalDouble wfc = cutoff(infoWfc, optionalNumber(attributes, lines, "wfc_cutoff"));
            OptionalDouble rho = cutoff(infoRho, optionalNumber(attributes, lines, "rho_cutoff"));
            return new Upf(file, symbol, type, normaliseFunctional(functionalText), functionalText, z, nlcc, wfc, rho,
                    version == null ? "2" : version);
        }

        /** End of the tag ('>' outside quotes) in {@code piece}, given the quote state of {@code before}. */
        private static int tagEnd(CharSequence before, String piece) {
            boolean quoted = false;
            char quote = 0;
            for (int i = 0; i < before.length(); i++) {
                char ch = before.charAt(i);
                if (quoted ? ch == quote : ch == '"' || ch == '\'') {
                    quote = ch;
                    quoted = !quoted;
                }
            }
            for (int i = 0; i < piece.length(); i++) {
                char ch = piece.charAt(i);
                if (quoted) {
                    if (ch == quote) {
                        quoted = false;
                    }
                } else if (ch == '"' || ch == '\'') {
                    quoted = true;
                    quote = ch;
                } else if (ch == '>') {
                    return i;
                }
            }
            return -1;
        }

        private static int lineAt(List<int[]> lineStarts, int offset) {
            int line = lineStarts.get(0)[1];
            for (int[] s : lineStarts) {
                if (s[0] <= offset) {
                    line = s[1];
                }
            }
            return line;
        }

        private String require(Map<String, String> attributes, String name, int headerLine) throws FormatException {
            String v = attributes.get(name);
            if (v == null) {
                throw in.error(headerLine, "the <PP_HEADER> has no " + name + " attribute");
            }
            return v;
        }

        private double numberAttribute(Map<String, String> attributes, Map<String, Integer> lines, String name,
                int headerLine, String what) throws FormatException {
            String v = require(attributes, name, headerLine);
            return fortranNumber(v, what, in.name(), lines.get(name));
        }

        private Double optionalNumber(Map<String, String> attributes, Map<String, Integer> lines, String name)
                throws FormatException {
            String v = attributes.get(name);
            return v == null ? null : fortranNumber(v, name, in.name(), lines.get(name));
        }

        // ---------------------------------------------------------------------------------------------- UPF v1

        private Upf readV1Header() throws IOException {
            in.require("the UPF version number in <PP_HEADER>");
            String symbol = element(firstToken(in.require("the element in <PP_HEADER>"), "the element"),
                    in.lineNumber());
            String typeToken = firstToken(in.require("the pseudopotential type (NC, US or PAW)"),
                    "the pseudopotential type");
            PseudoType type = switch (typeToken.toUpperCase(Locale.ROOT)) {
                case "NC", "SL" -> PseudoType.NC;
                case "US", "USPP" -> PseudoType.US;
                case "PAW" -> PseudoType.PAW;
                default -> throw in.error("the pseudopotential type '" + typeToken
                        + "' is not NC, US or PAW");
            };
            boolean nlcc = bool(firstToken(in.require("the nonlinear core correction flag (T or F)"),
                    "the nonlinear core correction flag"), in.lineNumber(), "the nonlinear core correction flag");
            String functionalLine = in.require("the exchange-correlation functional");
            // Fortran reads the functional as the first 20 characters; a short name and a comment follow
            String functionalText = functionalLine.substring(0, Math.min(20, functionalLine.length())).strip();
            if (functionalText.isEmpty()) {
                throw in.error("the exchange-correlation functional is empty");
            }
            double z = fortranNumber(firstToken(in.require("the valence charge (Z valence)"), "the valence charge"),
                    "the valence charge (Z valence)", in.name(), in.lineNumber());
            if (!(z > 0) || z > 200) {
                throw in.error("Z valence = " + z + " is not a valence charge");
            }
            in.require("the total energy");
            String[] cutoffs = in.require("the suggested cutoffs for wfc and rho").strip().split("\\s+");
            if (cutoffs.length < 2) {
                throw in.error("expected the suggested cutoffs for wfc and rho (2 numbers), found '"
                        + String.join(" ", cutoffs) + "'");
            }
            double wfc = fortranNumber(cutoffs[0], "the suggested wave-function cutoff", in.name(), in.lineNumber());
            double rho = fortranNumber(cutoffs[1], "the suggested charge-density cutoff", in.name(),
                    in.lineNumber());
            return new Upf(file, symbol, type, normaliseFunctional(functionalText), functionalText, z, nlcc,
                    cutoff(infoWfc, wfc), cutoff(infoRho, rho), "1");
        }

        private String firstToken(String line, String what) throws FormatException {
            String t = line.strip();
            if (t.isEmpty()) {
                throw in.error("expected " + what + ", found an empty line");
            }
            return t.split("\\s+", 2)[0];
        }

        // ---------------------------------------------------------------------------------------------- shared

        private String element(String text, int line) throws FormatException {
            String s = text.strip();
            Element e = s.isEmpty() || s.length() > 3 ? null : PeriodicTable.bySymbol(s).orElse(null);
            if (e == null) {
                throw in.error(line, "element '" + text + "' is not a chemical element symbol");
            }
            return e.symbol();
        }

        private boolean bool(String text, int line, String what) throws FormatException {
            String t = text.strip().toUpperCase(Locale.ROOT);
            return switch (t) {
                case "T", "TRUE", ".TRUE.", ".T." -> true;
                case "F", "FALSE", ".FALSE.", ".F." -> false;
                default -> throw in.error(line, what + " must be true or false (T or F), found '" + text + "'");
            };
        }

        private static boolean isTrue(String text) {
            if (text == null) {
                return false;
            }
            String t = text.strip().toUpperCase(Locale.ROOT);
            return t.equals("T") || t.equals("TRUE") || t.equals(".TRUE.") || t.equals(".T.");
        }

        private double number(String text, String what) throws FormatException {
            return fortranNumber(text, what, in.name(), in.lineNumber());
        }

        /** The PP_INFO suggestion when there is one, else the header's; zero or less means none. */
        private OptionalDouble cutoff(Double fromInfo, Double fromHeader) throws FormatException {
            if (fromInfo != null && fromInfo > 0) {
                return OptionalDouble.of(fromInfo);
            }
            if (fromHeader != null && fromHeader > 0) {
                return OptionalDouble.of(fromHeader);
            }
            return OptionalDouble.empty();
        }

        private static String xmlUnescape(String s) {
            if (s.indexOf('&') < 0) {
                return s;
            }
            return s.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&amp;", "&");
        }
    }

    /** A Fortran-style number: "34.", "1.0D-2", "4.000000000000e0". */
    static double fortranNumber(String text, String what, String file, int line) throws FormatException {
        return Numbers.parseDouble(text.strip().replace('d', 'e').replace('D', 'e'), what, file, line);
    }
}
