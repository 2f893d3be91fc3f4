package io.voiceload.http;

import io.vertx.core.MultiMap;

/** What a transport brings back: status, headers and the whole body. */
record Reply(int status, MultiMap headers, byte[] body) {}
