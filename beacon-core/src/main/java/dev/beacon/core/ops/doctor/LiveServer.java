package dev.beacon.core.ops.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.core.StoredJson;
import dev.beacon.core.watch.Entry;

import java.util.ArrayList;
import java.util.List;

/** One live Beacon server as it registered itself under {@code {root}/servers/} (see {@code ServerMembership}). */
record LiveServer(String id, String url, String version) {
    static List<LiveServer> list(DoctorContext ctx) {
        String root = ctx.keys().serversRoot();
        List<LiveServer> out = new ArrayList<>();
        for (Entry e : ctx.root().list(root)) {
            JsonNode n = StoredJson.read(e.value(), JsonNode.class);
            String id = e.key().substring(root.length());
            out.add(new LiveServer(id, n == null ? "" : n.path("url").asText(""), n == null ? "?" : n.path("version").asText("?")));
        }
        return out;
    }
}
