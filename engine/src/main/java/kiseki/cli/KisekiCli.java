package kiseki.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * Kiseki's headless command line: {@code ./kiseki <command>}. Errors print one clear line and exit non-zero; stack
 * traces appear only with {@code --debug}.
 */
@Command(name = "kiseki", mixinStandardHelpOptions = true, versionProvider = KisekiCli.Version.class,
        description = "Kiseki: build and use neural-network force fields for molecular dynamics.",
        subcommands = {StructureCommand.class, ProjectCommand.class, DatasetCommand.class, QeCommand.class,
                TrainCommand.class, EvalCommand.class, ExportCommand.class, AnalyzeCommand.class, MdCommand.class,
                McCommand.class, CommandLine.HelpCommand.class})
public final class KisekiCli implements Runnable {

    /** Exit code for a failed command (bad input, missing file, ...). */
    public static final int EXIT_FAILURE = 1;
    /** Exit code for a command line that does not parse. */
    public static final int EXIT_USAGE = 2;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print full stack traces on errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line and returns the exit code; output goes to the given writers (used by tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        KisekiCli root = new KisekiCli();
        CommandLine cl = new CommandLine(root);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = parseResult.matchedOptionValue("--debug", false) || containsDebug(args);
            if (debug) {
                ex.printStackTrace(err);
            } else {
                err.println("kiseki: error: " + oneLine(ex));
            }
            err.flush();
            return EXIT_FAILURE;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("kiseki: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more.");
            err.flush();
            return EXIT_USAGE;
        });
        int code = cl.execute(args);
        out.flush();
        return code;
    }

    private static boolean containsDebug(String[] args) {
        for (String a : args) {
            if (a.equals("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** The message of an exception as one line; the class name only when there is no message. */
    static String oneLine(Throwable ex) {
        Throwable t = ex;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = t.getClass().getSimpleName();
        }
        if (t instanceof java.nio.file.NoSuchFileException) {
            msg = "no such file: " + msg;
        } else if (t instanceof java.nio.file.AccessDeniedException) {
            msg = "permission denied: " + msg;
        } else if (t instanceof java.nio.file.FileAlreadyExistsException) {
            msg = "already exists: " + msg;
        }
        return msg.replace('\n', ' ').strip();
    }

    /** Version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = KisekiCli.class.getPackage().getImplementationVersion();
            return new String[] {"Kiseki " + (v == null ? "development build" : v)};
        }
    }
}
