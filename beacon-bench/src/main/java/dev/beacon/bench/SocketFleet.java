package dev.beacon.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Many HTTP/1.1 connections held by one selector thread, cheap enough for 10,000 in the bench process:
 * each sends one request, and every byte read is handed to {@link Reader#onBytes} with the connection's
 * index. All connections are opened first, then every request is sent within a moment, so that none of
 * them waits (or times out) while the rest are still connecting.
 */
final class SocketFleet implements AutoCloseable {
    /** Called on the fleet's thread, one connection at a time. */
    @FunctionalInterface
    interface Reader {
        void onBytes(int connection, byte[] bytes, int length);
    }

    private final Selector selector = Selector.open();
    private final SocketChannel[] channels;
    private final Reader reader;
    private final Thread loop;
    private volatile boolean running = true;

    SocketFleet(String host, int port, String path, String headers, int count, Reader reader) throws IOException {
        this.reader = reader;
        this.channels = new SocketChannel[count];
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            channels[i] = SocketChannel.open(new InetSocketAddress(host, port));
        }
        for (int i = 0; i < count; i++) {
            channels[i].write(ByteBuffer.wrap(request));
            channels[i].configureBlocking(false);
            channels[i].register(selector, SelectionKey.OP_READ, i);
        }
        loop = new Thread(this::run, "socket-fleet");
        loop.setDaemon(true);
        loop.start();
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
        byte[] bytes = new byte[buf.capacity()];
        while (running) {
            try {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    buf.clear();
                    int read = ((SocketChannel) key.channel()).read(buf);
                    if (read < 0) {
                        key.cancel();
                        continue;
                    }
                    buf.flip();
                    buf.get(bytes, 0, read);
                    reader.onBytes((Integer) key.attachment(), bytes, read);
                }
                selector.selectedKeys().clear();
            } catch (IOException e) {
                // a broken connection just stops counting; the others go on
            }
        }
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
