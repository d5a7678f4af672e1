package dev.beacon.cli;

import dev.beacon.api.ErrorCode;
import dev.beacon.client.BeaconClientException;
import dev.beacon.client.HeldLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code lock NAME -- COMMAND...}: takes the lock (waiting up to {@code --wait}, default forever), runs COMMAND with
 * the fencing token in {@code BEACON_LOCK_TOKEN}, keeps the lock alive while it runs (the SDK's HeldLock, every
 * ttl/3), releases it when COMMAND ends and exits with COMMAND's code. If the lock is lost meanwhile, COMMAND is
 * stopped and the exit code is 1.
 */
@Command(name = "lock", mixinStandardHelpOptions = true,
        description = "Run COMMAND while holding lock NAME; the fencing token is in BEACON_LOCK_TOKEN (and BEACON_LOCK_NAME). "
                + "Exits with COMMAND's exit code; 4 when --wait passed with the lock held by another.")
final class LockCommand extends BaseCommand {
    /** How long one acquire request may wait on the server (the API's limit is 300 s). */
    private static final Duration ROUND = Duration.ofSeconds(60);

    @Parameters(index = "0", paramLabel = "NAME", description = "the lock's name")
    String name;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "the command and its arguments, after --")
    List<String> command;
    @Option(names = "--ttl", paramLabel = "DURATION", converter = Durations.Converter.class, defaultValue = "30s",
            description = "how long the lock outlives this process if it stops keeping it alive, 2s to 300s (default ${DEFAULT-VALUE})")
    Duration ttl;
    @Option(names = "--wait", paramLabel = "DURATION", converter = Durations.Converter.class,
            description = "give up (exit 4) when not acquired within this time; 0 = try once (default: wait as long as it takes)")
    Duration wait;

    @Override
    int run() throws InterruptedException {
        HeldLock held = acquire();
        CompletableFuture<String> lost = new CompletableFuture<>();
        held.onLost(lost::complete);
        ChildProcess child = null;
        try {
            child = ChildProcess.start(command, Map.of("BEACON_LOCK_TOKEN", Long.toString(held.token()), "BEACON_LOCK_NAME", name));
            return child.await(lost, "lock " + name);
        } finally {
            held.close();
            if (child != null) {
                child.cleanedUp();
            }
        }
    }

    /** A first try that does not wait (so a dead server fails within --timeout), then rounds of waiting on the server. */
    private HeldLock acquire() {
        long deadline = wait == null ? Long.MAX_VALUE : System.nanoTime() + wait.toNanos();
        Duration round = Duration.ZERO;
        while (true) {
            try {
                return client().locks().acquire(name, ttl, round);
            } catch (BeaconClientException e) {
                if (e.code() != ErrorCode.LOCK_HELD) {
                    throw e;
                }
                long left = deadline - System.nanoTime();
                if (wait != null && left <= 0) {
                    throw new CliException(ExitCodes.CONFLICT, "lock " + name + " is held by another"
                            + (wait.isZero() ? "" : " after waiting " + wait.toMillis() + " ms"),
                            "wait for it with --wait DURATION, or leave --wait out to wait as long as it takes");
                }
                round = Duration.ofMillis(Math.max(1, Math.min(left, ROUND.toNanos()) / 1_000_000));
            }
        }
    }
}
