package io.voiceload.suite.concurrentcalls;

import io.voiceload.http.Http;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * What every test of the {@code concurrent-calls} category shares: its tag, the platform, and one fast
 * client per test class on which each virtual user is its own logged-in front-desk agent
 * ({@link CallsApi#client}).
 */
@Tag("concurrent-calls")
@WithPlatform
abstract class ConcurrentCallsLoadTest {
    static PlatformEndpoint platform;
    static Http http;

    @BeforeAll
    static void client(PlatformEndpoint endpoint) {
        platform = endpoint;
        http = CallsApi.client(endpoint);
    }

    @AfterAll
    static void close() {
        if (http != null) {
            http.close();
            http = null;
        }
    }
}
