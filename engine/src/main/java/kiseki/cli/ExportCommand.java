package kiseki.cli;

import kiseki.nnp.NnpModel;
import kiseki.nnp.SannpWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code kiseki export ...}: write a potential in another program's format. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Write a potential for other programs.",
        subcommands = {ExportCommand.Sannp.class})
final class ExportCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "sannp", mixinStandardHelpOptions = true,
            description = "ffield.sannp for LAMMPS pair_style nnp (NeuralMD family).")
    static final class Sannp implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "POT")
        Path potential;

        @Parameters(index = "1", paramLabel = "OUT")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            SannpWriter.write(NnpModel.read(potential), out);
            spec.commandLine().getErr().println("Wrote " + out);
            return 0;
        }
    }
}
