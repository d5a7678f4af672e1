package dev.beacon.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the COMMAND of {@code lock} and {@code elect} while something is held: stdin, stdout and stderr are the CLI's
 * own; extra environment variables added. {@link #await} blocks until the command exits (its code is the answer) or
 * {@code lost} completes first: then the command is stopped (SIGTERM, after 10 s SIGKILL) and a {@link CliException}
 * says why. If the CLI itself is stopped (Ctrl-C, SIGTERM), a shutdown hook stops the command; the command's exit
 * then ends {@link #await} on the command's own thread, which releases what was held and calls {@link #cleanedUp()};
 * the hook waits for that (up to 15 s) so the JVM does not halt before the release. The release happens on one
 * thread only, never racing the client's close.
 */
final class ChildProcess {
    private final Process process;
    private final Thread hook;
    private final CountDownLatch cleanedUp = new CountDownLatch(1);

    private ChildProcess(Process process) {
        this.process = process;
        this.hook = new Thread(() -> {
            stop();
            try {
                cleanedUp.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "beacon-cli-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static ChildProcess start(List<String> command, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().putAll(env);
        try {
            return new ChildProcess(pb.start());
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot run " + command.get(0) + ": " + e.getMessage(),
                    "check the command after -- exists and is executable");
        }
    }

    /** The command's exit code; or, when {@code lost} completes first, stops it and throws with {@code what} and the reason. */
    int await(CompletableFuture<String> lost, String what) throws InterruptedException {
        try {
            // waited for on a thread of its own: Process.onExit() completes on the common pool, which a busy JVM may not run
            CompletableFuture<Object> exited = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try {
                    exited.complete(process.waitFor());
                } catch (InterruptedException e) {
                    exited.completeExceptionally(e);
                }
            }, "beacon-cli-child");
            waiter.setDaemon(true);
            waiter.start();
            Object first = CompletableFuture.anyOf(exited, lost).join();
            if (first instanceof String && process.isAlive()) {
                stop();
                throw new CliException(ExitCodes.ERROR, what + " was lost while the command ran (" + first + "); the command was stopped",
                        "check the servers and etcd; a longer --ttl rides out longer outages");
            }
            return process.waitFor();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs and waits for cleanedUp()
            }
        }
    }

    /** What was held is released: a shutdown hook waiting for it may let the JVM halt. */
    void cleanedUp() {
        cleanedUp.countDown();
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
