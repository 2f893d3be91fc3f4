package io.voiceload.suite.support;

import io.voiceload.load.LoadResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The 5xx answers of a run: whatever a test expected of a request, a 5xx means the platform itself failed,
 * so every category checks there were none (or, at a capacity search's breaking point, none in the steps
 * that held).
 */
public final class ServerErrors {
    private ServerErrors() {}

    /** One line per request name and 5xx kind that answered during the run: {@code 3 × HTTP 503 on POST /calls}. */
    public static List<String> in(LoadResult result) {
        List<String> errors = new ArrayList<>();
        result.requests().forEach((name, stats) -> stats.errors().forEach((kind, count) -> {
            if (kind.startsWith("HTTP 5")) {
                errors.add(count + " × " + kind + " on " + name);
            }
        }));
        return errors;
    }
}
