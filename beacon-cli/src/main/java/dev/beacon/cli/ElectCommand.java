package dev.beacon.cli;

import dev.beacon.client.Campaign;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code elect NAME --candidate C -- COMMAND...}: campaigns, waits until this candidate leads, runs COMMAND with the
 * leader's token in {@code BEACON_LEADER_TOKEN}, resigns when COMMAND ends and exits with its code. If leadership is
 * lost meanwhile, COMMAND is stopped and the exit code is 1.
 */
@Command(name = "elect", mixinStandardHelpOptions = true,
        description = "Run COMMAND while leading election NAME as candidate C (token in BEACON_LEADER_TOKEN). "
                + "Exits with COMMAND's exit code; 4 when --wait passed without leading.")
final class ElectCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "the election's name")
    String name;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "the command and its arguments, after --")
    List<String> command;
    @Option(names = "--candidate", required = true, paramLabel = "C", description = "this candidate's name, as others see it")
    String candidate;
    @Option(names = "--ttl", paramLabel = "DURATION", converter = Durations.Converter.class, defaultValue = "10s",
            description = "how long the leadership outlives this process if it stops (default ${DEFAULT-VALUE})")
    Duration ttl;
    @Option(names = "--wait", paramLabel = "DURATION", converter = Durations.Converter.class,
            description = "give up (exit 4) when not leading within this time (default: wait as long as it takes)")
    Duration wait;

    @Override
    int run() throws InterruptedException {
        AtomicLong token = new AtomicLong();
        CompletableFuture<String> lost = new CompletableFuture<>();
        Campaign campaign = client().elections().campaign(name, candidate, ttl, (leader, t) -> {
            if (leader) {
                token.set(t);
            } else if (token.get() != 0) {
                lost.complete("another candidate leads now");
            }
        });
        ChildProcess child = null;
        try {
            boolean leading = campaign.awaitLeadership(wait == null ? Duration.ofDays(3650) : wait);
            if (!leading) {
                throw new CliException(ExitCodes.CONFLICT, candidate + " did not become leader of " + name + " within " + wait.toMillis() + " ms",
                        "see who leads with the HTTP API (GET /api/v1/elections/" + name + "), or wait longer with --wait");
            }
            long t = campaign.token();
            child = ChildProcess.start(command, Map.of("BEACON_LEADER_TOKEN", Long.toString(t),
                    "BEACON_ELECTION", name, "BEACON_CANDIDATE", candidate));
            return child.await(lost, "leadership of " + name);
        } finally {
            campaign.close();
            if (child != null) {
                child.cleanedUp();
            }
        }
    }
}
