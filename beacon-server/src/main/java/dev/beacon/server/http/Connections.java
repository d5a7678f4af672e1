package dev.beacon.server.http;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

import java.io.IOException;

/**
 * Jetty specifics of long-lived responses, beside {@link ClientGone} (noticing a client that left): aborting
 * a response from another thread.
 */
public final class Connections {
    private Connections() {
    }

    /**
     * Aborts a response from another thread: the connection is closed, so a write blocked on a client
     * that does not read fails at once instead of waiting for the idle timeout.
     */
    public static void abort(Context ctx, String why) {
        try {
            ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().abort(new IOException(why));
        } catch (RuntimeException e) {
            // already gone
        }
    }
}
