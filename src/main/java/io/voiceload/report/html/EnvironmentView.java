package io.voiceload.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The environment fingerprint as a two-column list of labels and values with their units ({@link Labels}); read
 * generically, by dotted key ({@code host.cores}, {@code infrastructure.postgres.version}), so that a new field
 * shows up without a change here.
 */
final class EnvironmentView {
    private EnvironmentView() {}

    /** Every leaf of {@code node} by its dotted key; arrays and nulls are leaves. */
    static Map<String, JsonNode> flatten(JsonNode node) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node == null || node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(prefix, node);
        }
    }

    /** One environment as a two-column list. */
    static void write(Html h, JsonNode env) {
        Map<String, JsonNode> flat = flatten(env);
        if (flat.isEmpty()) {
            h.el("p", "note", "No environment recorded.");
            return;
        }
        Table t = new Table("property", "value");
        flat.forEach((k, v) -> t.row(null, Labels.environment(k), Labels.environmentValue(k, v)));
        t.writeTo(h);
    }

    /** Two environments side by side; rows that differ are marked. */
    static void writeBoth(Html h, JsonNode baseline, JsonNode current) {
        Map<String, JsonNode> a = flatten(baseline);
        Map<String, JsonNode> b = flatten(current);
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        Table t = new Table("property", "baseline", "current", "");
        for (String k : keys) {
            String va = a.containsKey(k) ? Labels.environmentValue(k, a.get(k)) : "–";
            String vb = b.containsKey(k) ? Labels.environmentValue(k, b.get(k)) : "–";
            boolean same = va.equals(vb);
            t.row(same ? null : "near", Labels.environment(k), va, vb, same ? "" : "differs");
        }
        t.writeTo(h);
    }
}
