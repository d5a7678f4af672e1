package dev.beacon.cli;

import dev.beacon.client.BeaconClient;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** What every leaf command shares: the root's client and printer. {@link #run()} throws; {@link Main} maps the failure. */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    BeaconCommand root() {
        return (BeaconCommand) spec.root().userObject();
    }

    BeaconClient client() {
        return root().client();
    }

    Printer printer() {
        return root().printer();
    }

    @Override
    public Integer call() throws Exception {
        return run();
    }

    /** Does the command; answers the exit code (normally {@link ExitCodes#OK}). */
    abstract int run() throws Exception;
}
