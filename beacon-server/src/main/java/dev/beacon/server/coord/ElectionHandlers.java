package dev.beacon.server.coord;

import dev.beacon.server.http.Principals;
import dev.beacon.api.CampaignRequest;
import dev.beacon.core.coord.Elections;
import dev.beacon.server.http.Answers;
import dev.beacon.server.http.Json;
import dev.beacon.server.http.Params;
import io.javalin.http.Context;

/** {@code /api/v1/elections}: campaign (may wait for leadership), see the leader, keep a candidacy alive, resign. */
public final class ElectionHandlers {
    private final Elections elections;
    private final Json json;

    public ElectionHandlers(Elections elections, Json json) {
        this.elections = elections;
        this.json = json;
    }

    public void list(Context ctx) {
        Answers.read(ctx, elections.list());
    }

    public void campaign(Context ctx) {
        CampaignRequest body = json.body(ctx, CampaignRequest.class);
        var pending = elections.campaign(ctx.pathParam("name"), body.candidate(), body.ttl(), body.waitMs(), Principals.of(ctx));
        HeldAnswers.answer(ctx, pending, body.waitMs() != null && body.waitMs() > 0, candidacy -> {
            Answers.written(ctx, candidacy.token(), candidacy);
        });
    }

    public void leader(Context ctx) {
        Answers.read(ctx, elections.leadership(ctx.pathParam("name")));
    }

    public void keepAlive(Context ctx) {
        ctx.json(elections.keepAlive(ctx.pathParam("name"), Params.optionalLong(ctx, "leaseId")));
    }

    public void resign(Context ctx) {
        var resigned = elections.resign(ctx.pathParam("name"), Params.optionalLong(ctx, "leaseId"), Principals.of(ctx));
        Answers.written(ctx, resigned.revision(), resigned.value());
    }
}
