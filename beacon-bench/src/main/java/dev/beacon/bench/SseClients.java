package dev.beacon.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many SSE subscribers on one selector thread, cheap enough to hold 10,000 connections in the bench
 * process. Each event's value is the publisher's {@code System.nanoTime()}; the delivery latency is
 * "now - value" on arrival (publisher and subscribers share this JVM's clock).
 */
final class SseClients implements AutoCloseable {
    private final Selector selector;
    private final List<SocketChannel> channels = new ArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final Thread loop;
    private volatile boolean running = true;

    /** Per-connection parsing state. */
    private final class Conn {
        final StringBuilder line = new StringBuilder();
        final long[] lat = new long[4096];
        int n;
        boolean greeted;

        void onLine(String l) {
            if (!greeted && l.startsWith("retry:")) {
                greeted = true;
                opened.incrementAndGet();
            } else if (l.startsWith("data:")) {
                int at = l.indexOf("\"value\":\"");
                if (at >= 0) {
                    int end = l.indexOf('"', at + 9);
                    long sent = Long.parseLong(l.substring(at + 9, end));
                    if (n < lat.length) {
                        lat[n++] = (System.nanoTime() - sent) / 1000;
                    }
                    delivered.incrementAndGet();
                }
            }
        }
    }

    SseClients(String host, int port, String path, int count) throws IOException {
        selector = Selector.open();
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress(host, port));
            ch.write(ByteBuffer.wrap(request));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, new Conn());
            channels.add(ch);
            if (i % 500 == 499) {
                selector.wakeup();
            }
        }
        loop = new Thread(this::run, "sse-clients");
        loop.setDaemon(true);
        loop.start();
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
        byte[] bytes = new byte[buf.capacity()];
        while (running) {
            try {
                selector.select(200);
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel ch = (SocketChannel) key.channel();
                    Conn c = (Conn) key.attachment();
                    buf.clear();
                    int read = ch.read(buf);
                    if (read < 0) {
                        key.cancel();
                        continue;
                    }
                    buf.flip();
                    buf.get(bytes, 0, read);
                    for (int i = 0; i < read; i++) {
                        char ch0 = (char) bytes[i];
                        if (ch0 == '\n') {
                            c.onLine(c.line.toString());
                            c.line.setLength(0);
                        } else if (ch0 != '\r') {
                            c.line.append(ch0);
                        }
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException e) {
                // keep going; a broken connection just stops counting
            }
        }
    }

    int opened() {
        return opened.get();
    }

    long delivered() {
        return delivered.get();
    }

    /** Every latency recorded so far, in microseconds. */
    long[] latencies() {
        List<long[]> all = new ArrayList<>();
        for (SelectionKey k : selector.keys()) {
            Conn c = (Conn) k.attachment();
            all.add(java.util.Arrays.copyOf(c.lat, c.n));
        }
        return all.stream().flatMapToLong(java.util.Arrays::stream).toArray();
    }

    @Override
    public void close() throws IOException {
        running = false;
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SocketChannel ch : channels) {
            ch.close();
        }
        selector.close();
    }
}
