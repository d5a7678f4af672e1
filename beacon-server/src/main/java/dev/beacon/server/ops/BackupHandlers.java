package dev.beacon.server.ops;

import dev.beacon.core.ops.Snapshots;
import dev.beacon.server.http.Answers;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code GET /api/v1/backup/snapshot}: an etcd snapshot ({@code application/octet-stream}), the file
 * {@code etcdctl snapshot restore} and {@code --restore-from} take. Saved to a temp file first (see {@link Snapshots}),
 * then streamed with its length; the temp file is deleted once sent.
 */
public final class BackupHandlers {
    private final Snapshots snapshots;

    public BackupHandlers(Snapshots snapshots) {
        this.snapshots = snapshots;
    }

    public void snapshot(Context ctx) throws IOException {
        Path file = Files.createTempFile("beacon-snapshot-", ".db");
        try {
            long bytes = snapshots.save(file);
            Answers.binary(ctx, "application/octet-stream");
            ctx.status(200).header("Content-Disposition", "attachment; filename=\"beacon-" + Instant.now().getEpochSecond() + ".snapshot.db\"")
                    .header("Content-Length", Long.toString(bytes));
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(ctx.outputStream());
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
