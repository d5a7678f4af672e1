package dev.beacon.server.http;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Notices an HTTP/1.1 client that goes away while its request is held (a lock or campaign that waits).
 *
 * <p>Why this exists: while a request is suspended, Jetty does not read from its connection, so a client
 * that closes it goes unnoticed until the answer is written (Jetty issue #824); a waiter would stay queued
 * for its whole {@code waitMs} and could even be granted a lock nobody receives. So while the request is
 * held, this registers read interest on the connection itself: end-of-stream means the client is gone.
 * Bytes that arrive instead (a pipelined request) are dropped, and the answer carries
 * {@code Connection: close}, since the connection cannot be reused after this.
 *
 * <p>Threading: {@code whileHeld} and {@code answerLost} run on a Jetty thread, at most once each, and must
 * not block. Call {@link #watch} on the request thread after the body has been read.
 */
public final class ClientGone {
    private static final Logger log = LoggerFactory.getLogger(ClientGone.class);

    private ClientGone() {
    }

    /**
     * @param whileHeld  runs when the client closes the connection before the answer is written
     * @param answerLost runs when writing the answer failed (the client did not receive it)
     * @return false when the connection does not allow watching (then only the wait's own limit applies)
     */
    public static boolean watch(Context ctx, Runnable whileHeld, Runnable answerLost) {
        Request request;
        EndPoint endPoint;
        try {
            request = ServletContextRequest.getServletContextRequest(ctx.req());
            endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        } catch (RuntimeException e) {
            log.debug("cannot watch the connection of {} {}", ctx.method(), ctx.path(), e);
            return false;
        }
        AtomicBoolean answered = new AtomicBoolean();
        AtomicBoolean gone = new AtomicBoolean();
        Runnable onGone = () -> {
            if (!answered.get() && gone.compareAndSet(false, true)) {
                whileHeld.run();
            }
        };
        Request.addCompletionListener(request, failure -> {
            answered.set(true);
            if (failure != null) {
                answerLost.run();
            }
        });
        ctx.header("Connection", "close");
        return arm(endPoint, answered, onGone);
    }

    private static boolean arm(EndPoint endPoint, AtomicBoolean answered, Runnable onGone) {
        return endPoint.tryFillInterested(new Callback() {
            @Override
            public void succeeded() {
                if (answered.get()) {
                    return;
                }
                try {
                    int n = endPoint.fill(BufferUtil.allocate(256));
                    if (n < 0) {
                        onGone.run();
                    } else if (!arm(endPoint, answered, onGone)) {
                        log.debug("could not watch the connection again");
                    }
                } catch (IOException e) {
                    onGone.run();
                }
            }

            @Override
            public void failed(Throwable cause) {
                // Jetty fails the read interest when it completes the exchange (the answer is written), or when
                // the connection breaks; only the latter means the client is gone
                if (!answered.get() && !endPoint.isOpen()) {
                    onGone.run();
                }
            }

            @Override
            public InvocationType getInvocationType() {
                return InvocationType.NON_BLOCKING;
            }
        });
    }
}
