package io.voiceload.suite.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.http.Http;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls the platform stored for one hotel, read back after a run through its own API ({@code GET
 * /calls?hotelId=}, page by page), so that it works against a deployment as well as the embedded platform. Read
 * outside any virtual user, so never recorded as a request of the run.
 */
public final class StoredCalls {
    /** The largest page the platform serves. */
    static final int PAGE = 200;

    private StoredCalls() {}

    /** Every call stored for {@code hotelId}, in the platform's order, with {@code authorization} on each page. */
    public static List<JsonNode> of(Http http, String hotelId, String authorization) {
        List<JsonNode> calls = new ArrayList<>();
        String cursor = null;
        do {
            var request = http.get("/calls")
                    .header("Authorization", authorization)
                    .query("hotelId", hotelId)
                    .query("limit", PAGE);
            if (cursor != null) {
                request.query("cursor", cursor);
            }
            JsonNode page = request.expect(200).send().json();
            page.path("items").forEach(calls::add);
            JsonNode next = page.path("nextCursor");
            cursor = next.isNull() || next.isMissingNode() ? null : next.asText();
        } while (cursor != null);
        return calls;
    }
}
