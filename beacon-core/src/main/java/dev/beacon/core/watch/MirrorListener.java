package dev.beacon.core.watch;

import java.util.List;

/**
 * Hears every batch of changes a {@link PrefixMirror} applies, in revision order, exactly once.
 * Called on the mirror's own serial executor after the mirror's state includes the batch; must not
 * block (hand slow work to a queue).
 */
@FunctionalInterface
public interface MirrorListener {
    /** @param revision the mirror's revision after the batch */
    void onChanges(List<ChangeEvent> changes, long revision);
}
