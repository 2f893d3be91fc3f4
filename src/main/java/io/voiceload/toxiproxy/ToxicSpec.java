package io.voiceload.toxiproxy;

/**
 * A toxic as configured through the API. Immutable: an update replaces it, and the links re-run their stage with
 * the new value.
 *
 * @param stream the stream exactly as the client sent it (Toxiproxy matches it case-insensitively and echoes it)
 * @param toxicity the fraction of connections (per link, drawn when its stage starts) the toxic applies to
 */
record ToxicSpec(
        String name, ToxicKind type, String stream, Direction direction, float toxicity, Attributes attributes) {

    ToxicSpec withChanges(Attributes newAttributes, float newToxicity) {
        return new ToxicSpec(name, type, stream, direction, newToxicity, newAttributes);
    }
}
