package dev.beacon.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

/**
 * An answer body rendered once (per mirror revision, see {@code PrefixMirror.readOnce}) and served as bytes
 * to every request until the next change: its content type, a weak {@code ETag} from its content, and its
 * gzip form, compressed on the first request that accepts it (only for bodies of at least {@link #GZIP_MIN}
 * bytes). Immutable once built, apart from that one lazily kept compressed copy.
 */
public final class Rendered {
    /** Smaller bodies are sent as they are: compressing them saves less than it costs. */
    public static final int GZIP_MIN = 1024;

    private final byte[] bytes;
    private final String contentType;
    private final String etag;
    private volatile byte[] gzipped;

    private Rendered(byte[] bytes, String contentType) {
        this.bytes = bytes;
        this.contentType = contentType;
        CRC32 crc = new CRC32();
        crc.update(bytes);
        this.etag = "W/\"" + Long.toHexString(crc.getValue()) + "-" + Integer.toHexString(bytes.length) + "\"";
    }

    public static Rendered json(Object value) {
        try {
            return new Rendered(Json.MAPPER.writeValueAsBytes(value), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Rendered of(byte[] bytes, String contentType) {
        return new Rendered(bytes, contentType);
    }

    public static Rendered text(String text, String contentType) {
        return new Rendered(text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    public byte[] bytes() {
        return bytes;
    }

    public String contentType() {
        return contentType;
    }

    /** A weak validator of the content (the same bytes, the same tag, whatever the revision). */
    public String etag() {
        return etag;
    }

    /** The gzip form, compressed once; null for small bodies. */
    byte[] gzipped() {
        if (bytes.length < GZIP_MIN) {
            return null;
        }
        byte[] g = gzipped;
        if (g == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            g = out.toByteArray();
            gzipped = g;
        }
        return g;
    }
}
