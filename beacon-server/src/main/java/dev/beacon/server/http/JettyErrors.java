package dev.beacon.server.http;

import dev.beacon.api.ErrorCode;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Jetty's own rejections in Beacon's shape: a request that never reaches a handler — a malformed request line,
 * a URI over the limit, an ambiguous path ({@code %2F}, {@code %00}, {@code ..} segments), headers too large —
 * is answered {@code {"error","code"}} as JSON in UTF-8, like every other answer on Beacon's port, instead of
 * Jetty's HTML page or an empty body. A request line without an HTTP version (what a raw newline in a path
 * leaves) is a malformed request: 400, not Jetty's 505. This handler serves the server level (refused while
 * parsing); {@link InContext} the servlet context (refused while routing). Both run on Jetty's threads, write a
 * small body and never block.
 */
public final class JettyErrors extends ErrorHandler {
    static final String JSON_UTF8 = "application/json;charset=utf-8";

    @Override
    public boolean errorPageForMethod(String method) {
        return true; // every method gets a body, HEAD and unknown ones included
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        answer(request, response, callback, code, message);
    }

    /** A request Jetty's parser refused before there was a request to answer. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, JSON_UTF8);
        return ByteBuffer.wrap(body(status, reason));
    }

    /** The same answers for requests refused inside the servlet context. */
    public static final class InContext extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                        Callback callback) {
            answer(request, response, callback, code, message);
        }

        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
                                                     List<Charset> charsets, int code, String message, Throwable cause) {
            answer(request, response, callback, code, message);
            return true;
        }
    }

    static void answer(Request request, Response response, Callback callback, int code, String message) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_UTF8);
        if (code >= 500 && stopping(request)) {
            response.setStatus(503);
            response.write(true, ByteBuffer.wrap(STOPPED), callback);
            return;
        }
        int status = code == 505 ? 400 : code; // no HTTP version: a malformed request line
        response.setStatus(status);
        response.write(true, ByteBuffer.wrap(body(status, message)), callback);
    }

    /**
     * What a request still held when the server stops gets (one that outlived {@code --shutdown-timeout}): Jetty fails it
     * as it stops, which is no malformed request and no bug of Beacon's, but a reason to retry elsewhere.
     */
    private static final byte[] STOPPED = Json.MAPPER.createObjectNode()
            .put("error", "this Beacon server stopped before the request was answered (it was still held after --shutdown-timeout)")
            .put("code", ErrorCode.ETCD_UNAVAILABLE.name())
            .put("hint", "retry the request; another Beacon server answers it").toString().getBytes(StandardCharsets.UTF_8);

    private static boolean stopping(Request request) {
        try {
            var server = request.getConnectionMetaData().getConnector().getServer();
            return server.isStopping() || server.isStopped();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static byte[] body(int status, String reason) {
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.NO_SUCH_ENDPOINT;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 503 -> ErrorCode.ETCD_UNAVAILABLE;
            default -> status >= 500 && status != 505 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
        String text = reason == null || reason.isBlank() ? "refused with status " + status : reason;
        String message = status == 404 || status == 405 ? text
                : "the request is malformed or too large: " + text + "; see docs/api.md";
        return Json.MAPPER.createObjectNode().put("error", message).put("code", code.name()).toString()
                .getBytes(StandardCharsets.UTF_8);
    }
}
