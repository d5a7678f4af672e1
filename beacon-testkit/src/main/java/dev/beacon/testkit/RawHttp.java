package dev.beacon.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sends one request exactly as written over a plain socket — for requests an HTTP client refuses to send (a raw
 * newline in the path, a bad escape, an unknown method, a bad {@code Content-Length}) — and reads the whole answer.
 *
 * <pre>{@code
 * RawHttp.Answer a = RawHttp.send(beacon.url(), "GET /config/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
 * assertThat(a.status()).isEqualTo(400);
 * }</pre>
 */
public final class RawHttp {
    private RawHttp() {
    }

    /**
     * The answer: its status, its head in lower case (status line and headers, for {@code contains} checks) and its
     * body (de-chunked), or status 0 when the server closed the connection without answering.
     */
    public record Answer(int status, String head, String body) {
        public boolean hasHeader(String nameAndValuePart) {
            return head.contains(nameAndValuePart.toLowerCase(Locale.ROOT));
        }
    }

    /** Sends {@code request} (ISO-8859-1 bytes, as on the wire) to {@code baseUrl}'s host and port; 10 s read timeout. */
    public static Answer send(String baseUrl, String request) {
        return send(baseUrl, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static Answer send(String baseUrl, byte[] request) {
        URI base = URI.create(baseUrl);
        String raw;
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            socket.shutdownOutput();
            raw = readAll(socket.getInputStream());
        } catch (java.net.SocketException reset) {
            return new Answer(0, "", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int end = raw.indexOf("\r\n\r\n");
        if (raw.isEmpty() || end < 0) {
            return new Answer(0, raw.toLowerCase(Locale.ROOT), "");
        }
        String head = raw.substring(0, end).toLowerCase(Locale.ROOT);
        String statusLine = head.lines().findFirst().orElse("");
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        String body = raw.substring(end + 4);
        return new Answer(status, head, head.contains("transfer-encoding: chunked") ? dechunk(body) : body.trim());
    }

    private static String dechunk(String raw) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = raw.indexOf("\r\n", at);
            if (eol < 0) {
                return out.toString();
            }
            int size = Integer.parseInt(raw.substring(at, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(raw, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            bytes.write(buf, 0, n);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
