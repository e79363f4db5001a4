package kiseki.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kiseki project ...}: create and inspect Kiseki projects. */
@Command(name = "project", mixinStandardHelpOptions = true, description = "Create and inspect Kiseki projects.")
final class ProjectCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
