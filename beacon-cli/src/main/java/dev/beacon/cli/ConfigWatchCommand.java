package dev.beacon.cli;

import dev.beacon.api.ConfigChange;
import dev.beacon.client.ConfigView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Follows APP/PROFILE through the SDK's live view: each change is printed once, in revision order, as it happens;
 * when the connection breaks the view reconnects and resumes after the last revision it saw (nothing lost, nothing
 * repeated). Blocks until {@code --count} changes were printed, or until interrupted (Ctrl-C).
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Print each change of APP/PROFILE as it happens (plain: PUT key=value @revision; json: one "
                + "{\"key\",\"op\",\"value\",\"modRevision\"} per line); resumes by itself after a break. Ctrl-C ends it.")
final class ConfigWatchCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "APP")
    String app;
    @Parameters(index = "1", paramLabel = "PROFILE")
    String profile;
    @Option(names = "--count", paramLabel = "N", description = "exit after N changes (default: run until interrupted)")
    int count;

    @Override
    int run() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        ConfigView view = client().config(app, profile);
        view.onChange(e -> {
            if (count > 0 && seen.get() >= count) {
                return;
            }
            ConfigChange change = new ConfigChange(e.key(), e.deleted() ? "DELETE" : "PUT", e.newValue(), e.revision());
            printer().event(change, e.deleted() ? "DELETE " + e.key() + " @" + e.revision()
                    : "PUT " + e.key() + "=" + e.newValue() + " @" + e.revision());
            if (count > 0 && seen.incrementAndGet() >= count) {
                done.countDown();
            }
        });
        root().err().println("beacon: watching " + app + "/" + profile + " from revision " + view.revision() + " (Ctrl-C ends)");
        root().err().flush();
        done.await();
        return ExitCodes.OK;
    }
}
