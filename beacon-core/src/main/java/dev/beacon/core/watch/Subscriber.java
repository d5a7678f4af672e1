package dev.beacon.core.watch;

import java.util.List;

/**
 * Receives one subscription's changes. {@link #onEvents} is called sequentially (never twice at once)
 * on a delivery thread of the feed, in revision order, without gaps or repeats; it may block (a slow
 * network write blocks only this subscriber). {@link #onClose} is called exactly once, last.
 */
public interface Subscriber {
    void onEvents(List<ChangeEvent> events) throws Exception;

    void onClose(Subscription.CloseReason reason);

    /**
     * Called on another thread when the subscription ends while {@link #onEvents} is still running (e.g.
     * blocked writing to a client that does not read): abort the transport so that the write returns.
     * {@link #onClose} follows once it has.
     */
    default void onCutOff(Subscription.CloseReason reason) {
    }
}
