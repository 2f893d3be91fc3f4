package io.voiceload.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks a Toxiproxy API for its version with timeouts (toxiproxy-java's client has none, so a silent
 * server would hang it).
 */
final class ToxiproxyProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]*)\"");

    private ToxiproxyProbe() {}

    /**
     * The version of a Toxiproxy in this JVM, through toxiproxy-java's client (no timeouts needed, and
     * no start-up cost for a second HTTP stack).
     */
    static String localVersion(HostPort api) throws IOException {
        return parse(new eu.rekawek.toxiproxy.ToxiproxyClient(api.host(), api.port()).version());
    }

    /** The version, from {@code {"version": "2.12.0"}} (2.6 and later) or a plain-text body (older). */
    static String version(String scheme, HostPort api) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(scheme + "://" + api + "/version"))
                .timeout(TIMEOUT)
                .header("User-Agent", "voiceload")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + request.uri(), e);
        } catch (IOException e) {
            // The JDK's client says "ConnectException" and nothing more: name the address that did not answer.
            String reason = e.getMessage() == null || e.getMessage().isBlank()
                    ? e.getClass().getSimpleName()
                    : e.getMessage() + " (" + e.getClass().getSimpleName() + ")";
            throw new IOException("Toxiproxy API at " + scheme + "://" + api + " did not answer: " + reason, e);
        } finally {
            http.close();
        }
        String body = response.body().strip();
        if (response.statusCode() != 200) {
            throw new IOException(request.uri() + " answered HTTP " + response.statusCode() + ": " + body
                    + "; is this a Toxiproxy API?");
        }
        return parse(body);
    }

    private static String parse(String body) {
        Matcher m = VERSION.matcher(body.strip());
        return m.find() ? m.group(1) : body.strip();
    }
}
