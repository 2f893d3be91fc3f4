package io.voiceload.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The environment fingerprint as dotted keys ({@code host.cores}, {@code infrastructure.postgres.version})
 * and their values; read generically so that a new field shows up without a change here.
 */
final class EnvironmentView {
    private EnvironmentView() {}

    static Map<String, String> flatten(JsonNode env) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", env, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node == null || node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonNode v : node) {
                b.append(b.isEmpty() ? "" : " ").append(v.isValueNode() ? v.asText() : v.toString());
            }
            out.put(prefix, b.toString());
        } else {
            out.put(prefix, node.isNull() ? "–" : node.asText());
        }
    }

    /** One environment as a two-column list. */
    static void write(Html h, JsonNode env) {
        Map<String, String> flat = flatten(env);
        if (flat.isEmpty()) {
            h.el("p", "note", "No environment recorded.");
            return;
        }
        Table t = new Table("property", "value");
        flat.forEach((k, v) -> t.row(null, k, v));
        t.writeTo(h);
    }

    /** Two environments side by side; rows that differ are marked. */
    static void writeBoth(Html h, JsonNode baseline, JsonNode current) {
        Map<String, String> a = flatten(baseline);
        Map<String, String> b = flatten(current);
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        Table t = new Table("property", "baseline", "current", "");
        for (String k : keys) {
            String va = a.getOrDefault(k, "–");
            String vb = b.getOrDefault(k, "–");
            boolean same = va.equals(vb);
            t.row(same ? null : "near", k, va, vb, same ? "" : "differs");
        }
        t.writeTo(h);
    }
}
