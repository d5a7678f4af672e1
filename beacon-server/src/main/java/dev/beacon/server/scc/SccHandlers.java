package dev.beacon.server.scc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beacon.api.SccEnvironment;
import dev.beacon.core.config.PropertySources;
import dev.beacon.server.http.Json;
import dev.beacon.server.http.Answers;
import dev.beacon.server.http.Rendered;
import io.javalin.http.Context;

/**
 * {@code GET /scc/{application}/{profile}[/{label}]}: the Environment JSON of a Spring Cloud Config Server,
 * nulls included (as the real server writes them), in the media type the client asked for
 * ({@code application/vnd.spring-cloud.config-server.v2+json} or {@code application/json}).
 */
public final class SccHandlers {
    static final String V2 = "application/vnd.spring-cloud.config-server.v2+json";
    private static final ObjectMapper WITH_NULLS = Json.MAPPER.copy().setSerializationInclusion(JsonInclude.Include.ALWAYS);

    private final PropertySources sources;

    public SccHandlers(PropertySources sources) {
        this.sources = sources;
    }

    public void environment(Context ctx) {
        String accept = ctx.header("Accept");
        String type = accept != null && accept.contains(V2) ? V2 : "application/json";
        Answers.rendered(ctx, sources.environmentRendered(ctx.pathParam("application"), ctx.pathParam("profile"),
                ctx.pathParamMap().get("label"), type, env -> {
                    try {
                        return Rendered.of(WITH_NULLS.writeValueAsBytes(env), type);
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("cannot write the environment", e);
                    }
                }));
    }
}
