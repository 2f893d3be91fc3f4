package io.voiceload.toxiproxy;

/** The fields of a proxy in a request body; {@code null} where the body did not set them. */
record ProxyFields(String name, String listen, String upstream, Boolean enabled) {

    String listenOr(String fallback) {
        return listen == null ? fallback : listen;
    }

    boolean enabledOr(boolean fallback) {
        return enabled == null ? fallback : enabled;
    }
}
