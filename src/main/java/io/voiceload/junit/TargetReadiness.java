package io.voiceload.junit;

import io.voiceload.config.Sourced;
import io.voiceload.config.TargetSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether a configured deployment is there and ready, asked once before any load: its host resolves, and one
 * {@code GET} of its readiness path answers 2xx within {@link #TIMEOUT}. One request, never retried: a run
 * against an address that does not answer stops here instead of starting users who hammer it. JDK's HTTP client
 * (HTTP/1.1, redirects not followed: a readiness path that redirects to a login page is not a readiness path).
 */
final class TargetReadiness {

    /** How long the name lookup, the connection and the answer may each take. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final int BODY_CHARS = 200;

    private TargetReadiness() {}

    /**
     * Checks the target; returns null when it is ready (and prints one line saying so), else the failure, one
     * line naming the URL and what answered.
     */
    static String check(TargetSettings target) {
        Sourced<URI> base = target.baseUrl();
        String what = "target " + base.value() + " (" + base.origin() + ")";
        String host = base.value().getHost();
        String lookup = resolve(host);
        if (lookup != null) {
            return what + ": host " + host + " " + lookup + "; no load was started";
        }
        if (target.readinessUrl().isEmpty()) {
            System.out.println("[target] " + base.value() + ": host " + host + " resolves; no readiness request"
                    + " (target.readiness_path = none, "
                    + target.readinessPath().origin() + ")");
            return null;
        }
        URI url = target.readinessUrl().get();
        String ask =
                "GET " + url + " (readiness path from " + target.readinessPath().origin() + ")";
        long start = System.nanoTime();
        HttpResponse<InputStream> response;
        String body;
        try (HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()) {
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(TIMEOUT)
                    .header("User-Agent", "voiceload readiness check")
                    .GET()
                    .build();
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = shortBody(in.readNBytes(4 * BODY_CHARS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return what + ": interrupted while asking " + ask;
        } catch (IOException e) {
            return what + " did not answer: " + ask + ": " + reason(e, url) + "; no load was started";
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            System.out.println("[target] " + base.value() + " is ready: GET " + url + " answered " + status + " in "
                    + millis + " ms");
            return null;
        }
        String location = response.headers()
                .firstValue("Location")
                .map(l -> " (Location: " + l + ")")
                .orElse("");
        return what + " is not ready: " + ask + " answered " + status + location + (body.isEmpty() ? "" : ": " + body)
                + "; no load was started. " + hint(status);
    }

    /** Null when the host resolves, else what went wrong ("does not resolve", "no answer from DNS ..."). */
    private static String resolve(String host) {
        // InetAddress has no timeout of its own: a resolver that never answers must not hang the run.
        try (ExecutorService lookup = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<InetAddress[]> addresses = lookup.submit(() -> InetAddress.getAllByName(host));
            try {
                addresses.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return null;
            } catch (ExecutionException e) {
                return e.getCause() instanceof UnknownHostException
                        ? "does not resolve (UnknownHostException)"
                        : "could not be looked up: " + e.getCause();
            } catch (TimeoutException e) {
                addresses.cancel(true);
                return "could not be looked up: no answer from DNS within " + TIMEOUT.toSeconds() + " s";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "could not be looked up: interrupted";
            }
        }
    }

    private static String hint(int status) {
        if (status == 404 || status == 405) {
            return "If the deployment's health check is elsewhere, set target.readiness_path"
                    + " (-Dloadtest.target.readinessPath) to its path, or none.";
        }
        if (status == 401 || status == 403) {
            return "The readiness path must answer without credentials: set target.readiness_path"
                    + " (-Dloadtest.target.readinessPath) to one that does, or none.";
        }
        if (status >= 300 && status < 400) {
            return "The readiness path must answer 2xx itself: set target.readiness_path"
                    + " (-Dloadtest.target.readinessPath) to the path it redirects to, or none.";
        }
        return "The deployment says it is not ready: fix it (or wait for it), then run again.";
    }

    /** The reason of a transport failure, in words, with the exception's name. */
    private static String reason(IOException e, URI url) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + TIMEOUT.toSeconds() + " s (HttpConnectTimeoutException)";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + TIMEOUT.toSeconds() + " s (HttpTimeoutException)";
        }
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank()) {
                return message.strip() + " (" + t.getClass().getSimpleName() + ")";
            }
        }
        // The JDK's client reports a failed connection as a ConnectException without any message (its causes
        // have none either): a plain socket to the same address says why (refused, unreachable...).
        return e instanceof ConnectException
                ? whyNoConnection(url)
                : e.getClass().getSimpleName();
    }

    private static String whyNoConnection(URI url) {
        int port = url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), port), (int) TIMEOUT.toMillis());
            return "the connection failed (ConnectException)";
        } catch (IOException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().strip();
            return (message.isEmpty() ? "no connection" : message.toLowerCase(Locale.ROOT)) + " ("
                    + e.getClass().getSimpleName() + ")";
        }
    }

    /** The first {@value #BODY_CHARS} characters of a body on one line. */
    private static String shortBody(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ")
                .strip();
        return text.length() <= BODY_CHARS ? text : text.substring(0, BODY_CHARS) + "…";
    }
}
