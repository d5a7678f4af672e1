package dev.beacon.api;

import java.util.List;

/**
 * The answer of {@code POST /api/v1/import}: one {@link ImportChange} per item and setting the document carries, and the
 * counts. {@code revision} is the etcd revision after the import (the current one when nothing was written, and always in
 * a dry run, which writes nothing). {@code sourceRevision} is the exporting cluster's revision the document was read at.
 */
public record ImportReport(boolean dryRun, long revision, long sourceRevision, int created, int updated, int unchanged,
                           List<ImportChange> changes) {
}
