package dev.beacon.server.coord;

import dev.beacon.core.coord.Pending;
import dev.beacon.server.http.ClientGone;
import io.javalin.http.Context;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Answers a request from a {@link Pending} result without holding a request thread while it waits. A
 * request that may wait in a queue also watches its client: one that disconnects is cancelled at once
 * (it leaves the queue), and a granted answer that cannot be delivered is given back.
 */
final class HeldAnswers {
    /** nginx's "client closed request": recorded in the access log, never seen by the client. */
    private static final int CLIENT_CLOSED = 499;

    private HeldAnswers() {
    }

    static <T> void answer(Context ctx, Pending<T> pending, boolean mayWait, Consumer<T> write) {
        if (mayWait) {
            ClientGone.watch(ctx, pending::cancel, pending::abandon);
        }
        ctx.future(() -> pending.result().handle((value, failure) -> {
            if (failure == null) {
                write.accept(value);
                return null;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof CancellationException) {
                ctx.status(CLIENT_CLOSED);
                return null;
            }
            throw failure instanceof CompletionException ce ? ce : new CompletionException(cause);
        }));
    }
}
