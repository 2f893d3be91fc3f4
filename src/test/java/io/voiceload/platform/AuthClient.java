package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.platform.auth.Role;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/** Auth calls with explicit credentials, for the auth tests (the shared {@link Api} logins must stay valid). */
final class AuthClient {

    private final Api anonymous;

    AuthClient(Api api) {
        this.anonymous = api.as(Role.ANYONE);
    }

    Api.Response login(String username, String password) {
        return anonymous.post("/auth/login", Map.of("username", username, "password", password));
    }

    /** Logs in, expecting 200, and returns the answer ({@code accessToken}, {@code refreshToken}, ...). */
    JsonNode loggedIn(String username, String password) {
        Api.Response r = login(username, password);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body();
    }

    Api.Response refresh(String refreshToken) {
        return anonymous.post("/auth/refresh", Map.of("refreshToken", refreshToken));
    }

    Api.Response withToken(String method, String path, String accessToken) {
        return with(method, path, "Authorization", "Bearer " + accessToken);
    }

    Api.Response withApiKey(String method, String path, String apiKey) {
        return with(method, path, "X-API-Key", apiKey);
    }

    Api.Response with(String method, String path, String header, String value) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        anonymous.endpoint().resolve(path))
                .header(header, value)
                .method(method, HttpRequest.BodyPublishers.noBody());
        return anonymous.send(request);
    }

    Api.Response me(String accessToken) {
        return withToken("GET", "/auth/me", accessToken);
    }

    /** Polls {@code action} every 100 ms until {@code done} holds, for at most {@code limit}. */
    static Api.Response await(
            java.util.function.Supplier<Api.Response> action, Predicate<Api.Response> done, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        Api.Response last = action.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = action.get();
        }
        return last;
    }
}
