package dev.beacon.server.ops;

import dev.beacon.api.ImportReport;
import dev.beacon.core.ops.Exporter;
import dev.beacon.core.ops.ImportDocument;
import dev.beacon.core.ops.Importer;
import dev.beacon.server.http.Answers;
import dev.beacon.server.http.Params;
import dev.beacon.server.http.Principals;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * {@code GET /api/v1/export} streams Beacon's data as one JSON document ({@code ?history=false} leaves the items'
 * history out); {@code POST /api/v1/import} ({@code ?dryRun=true}) brings such a document in. The import body is read as
 * a stream, not held whole: {@code --max-body-size} does not apply to it, since an export of any size must come back in.
 */
public final class TransferHandlers {
    private final Exporter exporter;
    private final Importer importer;

    public TransferHandlers(Exporter exporter, Importer importer) {
        this.exporter = exporter;
        this.importer = importer;
    }

    public void export(Context ctx) throws IOException {
        Exporter.Export export = exporter.prepare(ctx.queryParam("history") == null || Params.bool(ctx, "history"));
        Answers.headers(ctx, export.read());
        ctx.status(200).contentType("application/json")
                .header("Content-Disposition", "attachment; filename=\"beacon-export-" + Instant.now().getEpochSecond() + ".json\"");
        export.writeTo(ctx.outputStream());
    }

    public void importDocument(Context ctx) throws IOException {
        boolean dryRun = Params.bool(ctx, "dryRun");
        ImportDocument doc;
        try (InputStream in = ctx.req().getInputStream()) {
            doc = ImportDocument.read(in);
        }
        ImportReport report = importer.run(doc, dryRun, Principals.of(ctx));
        Answers.written(ctx, report.revision(), report);
    }
}
