package dev.beacon.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.beacon.api.ErrorCode;
import dev.beacon.core.BeaconException;
import io.javalin.http.Context;
import io.javalin.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;

/**
 * JSON in and out. {@link #body} reads a request body within the size limit and turns every
 * parsing problem into a 400 that says where the JSON is wrong; a body over the limit is a 413.
 */
public final class Json implements JsonMapper {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final long maxBodyBytes;

    public Json(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Reads and parses the body as {@code type}; an empty body is a 400. */
    public <T> T body(Context ctx, Class<T> type) {
        byte[] bytes = bytes(ctx);
        if (bytes.length == 0) {
            throw BeaconException.badRequest("the request body is empty; send a JSON object");
        }
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) {
                throw BeaconException.badRequest("the request body is JSON null; send a JSON object");
            }
            return value;
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /**
     * The one translation of a JSON parsing failure into a 400 that says what is wrong and where, for request
     * bodies and WebSocket messages alike. Hostile input included: nesting deeper than Jackson's limit, numbers
     * or strings past its length limits (these come without a location), and values thousands of characters
     * long (quoted only in part).
     */
    public static BeaconException malformed(IOException e) {
        if (e instanceof StreamConstraintsException c) {
            return BeaconException.badRequest("malformed JSON: " + brief(c.getOriginalMessage())
                    + " (nesting deeper than " + MAPPER.getFactory().streamReadConstraints().getMaxNestingDepth()
                    + " levels, or a number or string longer than Jackson's limits, is refused)");
        }
        if (e instanceof MismatchedInputException m) {
            String field = m.getPath().isEmpty() || m.getPath().get(m.getPath().size() - 1).getFieldName() == null ? "the body"
                    : "field '" + brief(m.getPath().get(m.getPath().size() - 1).getFieldName()) + "'";
            return BeaconException.badRequest("malformed JSON: " + field + " has the wrong type (" + brief(m.getOriginalMessage()) + ")");
        }
        if (e instanceof JsonProcessingException p) {
            JsonLocation at = p.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return BeaconException.badRequest("malformed JSON" + where + ": " + brief(withoutSource(p.getOriginalMessage())));
        }
        return BeaconException.badRequest("could not read the JSON: " + brief(e.getMessage()));
    }

    /** At most 200 characters of a message that may quote the client's input. */
    private static String brief(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= 200 ? message : message.substring(0, 200) + "… (" + message.length() + " characters)";
    }

    /** The raw body, at most the configured limit (413 beyond). */
    public byte[] bytes(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw tooLarge(declared);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (bytes.length > maxBodyBytes) {
                throw tooLarge(-1);
            }
            return bytes;
        } catch (IOException e) {
            throw BeaconException.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    /** Jackson appends a "(start marker at [Source: ...])" note that only confuses a caller. */
    private static String withoutSource(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\(?[a-z ]*\\[Source:.*$", "").replaceAll("\\s+", " ").trim();
    }

    private BeaconException tooLarge(long declared) {
        return new BeaconException(ErrorCode.PAYLOAD_TOO_LARGE, "the request body" + (declared > 0 ? " (" + declared + " bytes)" : "")
                + " is larger than the limit of " + maxBodyBytes + " bytes", "send less, or raise --max-body-size");
    }

    @Override
    public String toJsonString(Object obj, Type type) {
        try {
            return MAPPER.writeValueAsString(obj);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    @Override
    public <T> T fromJsonString(String json, Type type) {
        try {
            return MAPPER.readValue(json, MAPPER.constructType(type));
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }
}
