package io.voiceload.toxiproxy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The API over plain HTTP ({@link HttpClient}, which can send PATCH), for status codes, headers and raw bodies. */
final class RawApi {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    RawApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, body, null);
    }

    HttpResponse<String> patch(String path, String body) throws IOException, InterruptedException {
        return send("PATCH", path, body, null);
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null, null);
    }

    /** The body as sent, byte for byte (no charset decoding), for comparisons with upstream's exact answers. */
    HttpResponse<byte[]> postForBytes(String path, String body) throws IOException, InterruptedException {
        return http.send(request("POST", path, body, null), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> send(String method, String path, String body, String userAgent)
            throws IOException, InterruptedException {
        return http.send(request(method, path, body, userAgent), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path, String body, String userAgent) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (userAgent != null) {
            b.header("User-Agent", userAgent);
        }
        return b.build();
    }

    static String contentType(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse(null);
    }
}
