package dev.beacon.core.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One etcd member running as a child process.
 *
 * <p>No orphans: etcd is started under a small shell watchdog that reads the JVM's pipe to it; when
 * the JVM exits for any reason (even SIGKILL) the pipe closes and the watchdog stops etcd. The etcd
 * pid is also written to {@code <dataDir>/../<name>.pid} so that a leftover process can be found.
 *
 * <p>Not thread-safe: one owner starts, stops and restarts it.
 */
public final class EtcdNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EtcdNode.class);
    private static final String WATCHDOG =
            "exec 3<&0; \"$0\" \"$@\" </dev/null & pid=$!; echo $pid > \"$BEACON_ETCD_PIDFILE\"; "
                    + "trap 'kill -TERM $pid 2>/dev/null; wait $pid; exit 0' TERM INT; "
                    + "( cat <&3 >/dev/null; kill -TERM $pid 2>/dev/null ) & wait $pid";

    private final Path binary;
    private final String name;
    private final Path dataDir;
    private final Path logFile;
    private final int clientPort;
    private final int peerPort;
    private final int metricsPort;
    private final TlsFiles tls;
    private final String initialCluster;
    private final String clusterToken;
    private final List<String> extraArgs;
    private Process process;

    /** PEM files for serving clients over TLS and requiring client certificates signed by {@code ca}. */
    public record TlsFiles(Path ca, Path cert, Path key) {
    }

    /**
     * @param metricsPort plain-http port for etcd's /health and /metrics (used to wait for health even when
     *                    clients must use TLS)
     * @param tls         null for plain http clients
     */
    public EtcdNode(Path binary, String name, Path dataDir, Path logFile, int clientPort, int peerPort, int metricsPort,
                    TlsFiles tls, String initialCluster, String clusterToken, List<String> extraArgs) {
        this.binary = binary;
        this.name = name;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.metricsPort = metricsPort;
        this.tls = tls;
        this.initialCluster = initialCluster;
        this.clusterToken = clusterToken;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** A single-node etcd on the given ports. */
    public static EtcdNode single(Path binary, Path dataDir, Path logFile, int clientPort, int peerPort, int metricsPort,
                                  TlsFiles tls) {
        return new EtcdNode(binary, "beacon", dataDir, logFile, clientPort, peerPort, metricsPort, tls,
                "beacon=http://127.0.0.1:" + peerPort, "beacon-local", List.of());
    }

    public String name() {
        return name;
    }

    public String clientUrl() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + clientPort;
    }

    /** Plain-http URL of etcd's /health and /metrics. */
    public String metricsUrl() {
        return "http://127.0.0.1:" + metricsPort;
    }

    public String peerUrl() {
        return "http://127.0.0.1:" + peerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isRunning() {
        return process != null && etcdProcess().map(ProcessHandle::isAlive).orElse(false);
    }

    /** Starts the process (if not running) without waiting for it to be healthy. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        killLeftover();
        try {
            Files.createDirectories(dataDir.getParent());
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            boolean fresh = !Files.exists(dataDir.resolve("member"));
            List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, binary.toString(),
                    "--name", name,
                    "--data-dir", dataDir.toString(),
                    "--listen-client-urls", clientUrl(),
                    "--advertise-client-urls", clientUrl(),
                    "--listen-peer-urls", peerUrl(),
                    "--initial-advertise-peer-urls", peerUrl(),
                    "--initial-cluster", initialCluster,
                    "--initial-cluster-token", clusterToken,
                    "--initial-cluster-state", fresh ? "new" : "existing",
                    "--listen-metrics-urls", metricsUrl(),
                    "--logger", "zap",
                    "--log-outputs", "stderr"));
            if (tls != null) {
                cmd.addAll(List.of("--cert-file", tls.cert().toString(), "--key-file", tls.key().toString(),
                        "--trusted-ca-file", tls.ca().toString(), "--client-cert-auth"));
            }
            cmd.addAll(extraArgs);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.environment().put("BEACON_ETCD_PIDFILE", pidFile().toString());
            if (System.getProperty("os.arch").contains("aarch64")) {
                pb.environment().put("ETCD_UNSUPPORTED_ARCH", "arm64");
            }
            process = pb.start();
            log.info("started etcd {} (client {}, data {}, log {})", name, clientUrl(), dataDir, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start etcd " + binary + ": " + e.getMessage(), e);
        }
    }

    /** Waits until etcd's /health answers {@code "health":"true"}. */
    public void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("etcd " + name + " exited with code " + process.exitValue()
                        + "; see its log " + logFile + tail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(metricsUrl() + "/health"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"true\"")) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for etcd", e);
            }
            pause(100);
        }
        throw new IllegalStateException("etcd " + name + " at " + metricsUrl() + " was not healthy within " + timeout
                + " (last answer: " + last + "); see its log " + logFile + tail());
    }

    /** Graceful stop (SIGTERM), waiting for the process to exit. Idempotent. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        etcdProcess().ifPresent(ProcessHandle::destroy);
        process.destroy();
        waitExit();
    }

    /** Abrupt stop (SIGKILL of etcd itself), as a crash would. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        etcdProcess().ifPresent(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitExit();
    }

    /** The etcd process's pid, if it runs. */
    public Optional<Long> pid() {
        return etcdProcess().map(ProcessHandle::pid);
    }

    @Override
    public void close() {
        stop();
    }

    private void waitExit() {
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            Optional<ProcessHandle> etcd = etcdProcess();
            if (etcd.isPresent()) {
                etcd.get().destroyForcibly();
                etcd.get().onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            log.warn("etcd {} did not stop cleanly: {}", name, e.toString());
        }
        process = null;
    }

    private Optional<ProcessHandle> etcdProcess() {
        Optional<Long> pid = readPid();
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive).filter(this::isOurEtcd);
    }

    private boolean isOurEtcd(ProcessHandle h) {
        return h.info().arguments().map(args -> String.join(" ", args).contains(dataDir.toString())).orElse(true);
    }

    private Optional<Long> readPid() {
        for (int i = 0; i < 20; i++) {
            try {
                String s = Files.readString(pidFile()).trim();
                if (!s.isEmpty()) {
                    return Optional.of(Long.parseLong(s));
                }
            } catch (IOException | NumberFormatException e) {
                if (process == null) {
                    return Optional.empty();
                }
            }
            pause(25);
        }
        return Optional.empty();
    }

    /** Stops an etcd left running on this data dir by a previous owner that could not stop it. */
    private void killLeftover() {
        Optional<Long> pid;
        try {
            pid = Files.exists(pidFile()) ? Optional.of(Long.parseLong(Files.readString(pidFile()).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            pid = Optional.empty();
        }
        pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().map(c -> c.endsWith("etcd")).orElse(false))
                .filter(this::isOurEtcd)
                .ifPresent(h -> {
                    log.warn("stopping a leftover etcd (pid {}) on {}", h.pid(), dataDir);
                    h.destroy();
                    try {
                        h.onExit().get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        h.destroyForcibly();
                    }
                });
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException ignored) {
            // best effort
        }
    }

    private Path pidFile() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".pid");
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return ":\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A free TCP port on the loopback interface, picked below the kernel's ephemeral range (32768+) so
     * that outgoing connections cannot take it between now and the bind. Free when asked; bind soon.
     */
    public static int freePort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = random.nextInt(12000, 32000);
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** True when the last start failed because a port was taken (so starting again on other ports may work). */
    public boolean failedOnPortInUse() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return lines.subList(Math.max(0, lines.size() - 5), lines.size()).stream()
                    .anyMatch(l -> l.contains("address already in use"));
        } catch (IOException e) {
            return false;
        }
    }
}
