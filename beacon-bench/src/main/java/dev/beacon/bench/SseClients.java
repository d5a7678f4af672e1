package dev.beacon.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many SSE subscribers on one {@link SocketFleet}. Each event's value is the publisher's
 * {@code System.nanoTime()}; the delivery latency is "now - value" on arrival (publisher and subscribers
 * share this JVM's clock).
 */
final class SseClients implements AutoCloseable {
    private final Conn[] conns;
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final SocketFleet fleet;

    /** Per-connection parsing state; touched only by the fleet's thread. */
    private final class Conn {
        final StringBuilder line = new StringBuilder();
        final long[] lat = new long[4096];
        int n;
        boolean greeted;

        void onBytes(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                char c = (char) bytes[i];
                if (c == '\n') {
                    onLine(line.toString());
                    line.setLength(0);
                } else if (c != '\r') {
                    line.append(c);
                }
            }
        }

        void onLine(String l) {
            if (!greeted && l.startsWith("retry:")) {
                greeted = true;
                opened.incrementAndGet();
            } else if (l.startsWith("data:")) {
                int at = l.indexOf("\"value\":\"");
                if (at >= 0) {
                    long sent = Long.parseLong(l.substring(at + 9, l.indexOf('"', at + 9)));
                    if (n < lat.length) {
                        lat[n++] = (System.nanoTime() - sent) / 1000;
                    }
                    delivered.incrementAndGet();
                }
            }
        }
    }

    SseClients(String host, int port, String path, int count) throws IOException {
        conns = new Conn[count];
        for (int i = 0; i < count; i++) {
            conns[i] = new Conn();
        }
        fleet = new SocketFleet(host, port, path, "Accept: text/event-stream\r\n", count, (i, bytes, length) -> conns[i].onBytes(bytes, length));
    }

    int opened() {
        return opened.get();
    }

    long delivered() {
        return delivered.get();
    }

    /** Every latency recorded so far, in microseconds (read once deliveries are done). */
    long[] latencies() {
        return Arrays.stream(conns).flatMapToLong(c -> Arrays.stream(Arrays.copyOf(c.lat, c.n))).toArray();
    }

    @Override
    public void close() throws IOException {
        fleet.close();
    }
}
