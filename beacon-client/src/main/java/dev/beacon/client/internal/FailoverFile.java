package dev.beacon.client.internal;

import dev.beacon.api.ConfigList;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The last known config of one app/profile on disk: {@code {cacheDir}/config/{app}/{profile}.json}, the
 * {@link ConfigList} JSON (UTF-8) of the view's state. Written atomically (a temp file in the same directory, then
 * an atomic rename), so a reader (this process after a crash, or another one) sees the old or the new file, never
 * half of one. Not thread-safe: the view writes it from one serial executor.
 */
public final class FailoverFile {
    private final Path file;

    public FailoverFile(Path cacheDir, String app, String profile) {
        if (app.equals(".") || app.equals("..") || profile.equals(".") || profile.equals("..")
                || app.contains("/") || profile.contains("/") || app.contains("\\") || profile.contains("\\")) {
            throw new IllegalArgumentException("app and profile must be names, got " + app + "/" + profile);
        }
        this.file = cacheDir.resolve("config").resolve(app).resolve(profile + ".json");
    }

    public Path path() {
        return file;
    }

    /** The saved state, or empty when there is none or it cannot be read (then the reason is logged). */
    public Optional<ConfigList> read() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(Files.readString(file, StandardCharsets.UTF_8), Json.MAPPER.constructType(ConfigList.class)));
        } catch (IOException | RuntimeException e) {
            System.getLogger(FailoverFile.class.getName()).log(System.Logger.Level.WARNING,
                    "Beacon failover file " + file + " cannot be read (" + e.getMessage() + "); ignoring it");
            return Optional.empty();
        }
    }

    public void write(ConfigList state) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, Json.write(state), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
