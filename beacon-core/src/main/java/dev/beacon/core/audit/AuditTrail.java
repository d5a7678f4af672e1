package dev.beacon.core.audit;

import dev.beacon.api.AuditActor;
import dev.beacon.api.AuditPage;
import dev.beacon.api.AuditRecord;
import dev.beacon.api.ErrorCode;
import dev.beacon.core.Read;
import dev.beacon.core.StoredJson;
import dev.beacon.core.WriteRecord;
import dev.beacon.core.WriteSeam;
import dev.beacon.core.etcd.Bytes;
import dev.beacon.core.etcd.EtcdConnection;
import dev.beacon.core.keys.KeyLayout;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.beacon.core.etcd.Bytes.of;

/**
 * The audit trail: a {@link WriteSeam.Recorder} that puts one JSON record per write under
 * {@code {root}/audit/{epochMicros:17}-{random:12}}, so key order is time order and a page newest first is one
 * reverse range read. The range is excluded from the mirrors (like history) and read from etcd on demand.
 *
 * <p>Durability: the put starts when the write has ended and the write's answer waits for it (the seam's
 * recorder contract), bounded by the etcd request deadline — except after a write that failed with ETCD_UNAVAILABLE,
 * whose 503 stays immediate (its record is attempted without waiting). A record that cannot be written is logged and
 * counted ({@link #failed()}), and never turns the write's outcome into an error: the audit trail is best
 * effort when etcd fails between a write and its record (the same etcd that just took the write).
 *
 * <p>Not recorded: the SDK's delivery reports ({@code config.clients.*}) — telemetry every client sends every few
 * seconds to keep its report's lease alive, not a change anyone makes; they would bury the trail and double the
 * write load they cause. They are visible at {@code GET .../clients} while they live.
 *
 * <p>Retention: every {@link AuditSettings#pruneInterval()} each server deletes the range of records older than
 * the retention, with one range delete. Several servers pruning at once is safe: the delete is idempotent.
 *
 * <p>Threading: {@link #record} never blocks (an asynchronous etcd call whose callbacks run on Beacon's
 * executor); {@link #page} blocks its caller (a request thread) up to the request deadline per range read.
 */
public final class AuditTrail implements WriteSeam.Recorder, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    /** Records read per range call while scanning for a page. */
    static final int BATCH = 500;
    /** Most records one page request scans (filters that match little answer a short page with a cursor). */
    static final int MAX_SCAN = 20_000;

    private final EtcdConnection etcd;
    private final KeyLayout keys;
    private final AuditSettings settings;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong pruned = new AtomicLong();
    private volatile ScheduledFuture<?> pruning;

    public AuditTrail(EtcdConnection etcd, KeyLayout keys, AuditSettings settings) {
        this.etcd = etcd;
        this.keys = keys;
        this.settings = settings;
    }

    /** Starts pruning every {@link AuditSettings#pruneInterval()} (the first run one interval from now). */
    public AuditTrail start() {
        long every = settings.pruneInterval().toMillis();
        pruning = etcd.scheduler().scheduleWithFixedDelay(() -> prune(Instant.now().minus(settings.retention())),
                every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Writes the audit trail leaves out: the SDK's delivery reports (see the class comment). */
    static boolean audited(String action) {
        return !action.startsWith("config.clients.");
    }

    @Override
    public CompletableFuture<?> record(WriteRecord w) {
        if (!audited(w.action())) {
            return null;
        }
        Instant time = w.time().truncatedTo(ChronoUnit.MICROS);
        String id = id(time, ThreadLocalRandom.current().nextLong() & 0xffff_ffff_ffffL);
        AuditRecord r = new AuditRecord(null, time.toString(), new AuditActor(w.who().name(), w.who().tokenId()),
                w.who().address(), w.action(), w.target(), w.revision(), w.result());
        CompletableFuture<?> put = etcd.call("write the audit record of " + w.action() + " " + w.target(),
                () -> etcd.client().getKVClient().put(of(keys.audit(id)), of(StoredJson.write(r))))
                .handle((ok, failure) -> {
                    if (failure == null) {
                        written.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        log.warn("audit record of {} {} by {} ({}) was not written: {}", w.action(), w.target(),
                                w.who().name(), w.result(), failure.getMessage());
                    }
                    return null;
                });
        // a write that failed because etcd is unreachable answers 503 at once, as every such write does: its record
        // is still attempted, but its answer does not wait another request deadline for it
        return ErrorCode.ETCD_UNAVAILABLE.name().equals(w.result()) ? null : put;
    }

    /**
     * One page of records matching {@code q}, newest first. Blocks up to the request deadline per range read.
     *
     * @return the page, at the etcd revision of its first read
     */
    public Read<AuditPage> page(AuditQuery q) {
        String lower = q.since() == null ? keys.auditRoot() : keys.audit(micros(q.since()));
        ByteSequence upper = q.cursor() == null ? Bytes.prefixEnd(keys.auditRoot()) : of(keys.audit(q.cursor()));
        List<AuditRecord> out = new ArrayList<>();
        long revision = 0;
        int scanned = 0;
        while (true) {
            ByteSequence end = upper;
            GetResponse r = etcd.await("read the audit trail", () -> etcd.client().getKVClient().get(of(lower),
                    GetOption.builder().withRange(end).withSortField(GetOption.SortTarget.KEY)
                            .withSortOrder(GetOption.SortOrder.DESCEND).withLimit(BATCH).build()));
            if (revision == 0) {
                revision = r.getHeader().getRevision();
            }
            List<KeyValue> kvs = r.getKvs();
            for (int i = 0; i < kvs.size(); i++) {
                String key = Bytes.str(kvs.get(i).getKey());
                scanned++;
                AuditRecord record = StoredJson.read(Bytes.str(kvs.get(i).getValue()), AuditRecord.class);
                String id = key.substring(keys.auditRoot().length());
                if (record != null && q.matches(record)) {
                    out.add(record.withId(id));
                    if (out.size() == q.limit()) {
                        boolean older = i < kvs.size() - 1 || r.isMore();
                        return Read.consistent(new AuditPage(out, older ? id : null), revision);
                    }
                }
                if (i == kvs.size() - 1) {
                    upper = kvs.get(i).getKey();
                    if (r.isMore() && scanned >= MAX_SCAN) {
                        return Read.consistent(new AuditPage(out, id), revision);
                    }
                }
            }
            if (!r.isMore() || kvs.isEmpty()) {
                return Read.consistent(new AuditPage(out, null), revision);
            }
        }
    }

    /**
     * Deletes every record older than {@code cutoff} with one range delete; never blocks.
     *
     * @return how many records it deleted
     */
    public CompletableFuture<Long> prune(Instant cutoff) {
        return etcd.call("prune the audit trail", () -> etcd.client().getKVClient().delete(of(keys.auditRoot()),
                        DeleteOption.builder().withRange(of(keys.audit(micros(cutoff)))).build()))
                .thenApply(d -> {
                    pruned.addAndGet(d.getDeleted());
                    if (d.getDeleted() > 0) {
                        log.info("pruned {} audit record(s) older than {}", d.getDeleted(), cutoff);
                    }
                    return d.getDeleted();
                })
                .whenComplete((n, failure) -> {
                    if (failure != null) {
                        log.warn("pruning the audit trail failed (next try in {}): {}", settings.pruneInterval(), failure.getMessage());
                    }
                });
    }

    /** Records written since start. */
    public long written() {
        return written.get();
    }

    /** Records that could not be written since start (each logged). */
    public long failed() {
        return failed.get();
    }

    /** Records this server deleted as past the retention since start. */
    public long pruned() {
        return pruned.get();
    }

    public AuditSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        ScheduledFuture<?> p = pruning;
        if (p != null) {
            p.cancel(false);
        }
    }

    static String id(Instant time, long random) {
        return micros(time) + "-" + String.format("%012x", random);
    }

    /** The 17-digit, zero-padded microseconds since the epoch: the sortable head of a record's id. */
    static String micros(Instant time) {
        long us = Math.max(0, time.getEpochSecond()) * 1_000_000L + time.getNano() / 1_000;
        return String.format("%017d", us);
    }
}
