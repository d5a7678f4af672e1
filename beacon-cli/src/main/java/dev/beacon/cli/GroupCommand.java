package dev.beacon.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** A noun ({@code config}, {@code kv}, ...) given without a verb: a usage error naming the verbs. */
abstract class GroupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "'" + spec.qualifiedName() + "' needs a command: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
