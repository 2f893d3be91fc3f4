package io.voiceload.load.accuracy;

import io.voiceload.load.HttpStatusFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The client the accuracy tests' iteration bodies use: one shared JDK {@link HttpClient} over
 * HTTP/1.1 with blocking {@code send()}, as a virtual user would call a real service.
 */
final class StubClient {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private StubClient() {}

    /** {@code GET uri}; returns the body, throws {@link UnexpectedStatus} unless the status is 200. */
    static byte[] get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new UnexpectedStatus(response.statusCode(), uri);
        }
        return response.body();
    }

    /** A few requests so that connection set-up and class loading do not land in the first run measured. */
    static void warmUp(HttpStub stub, int requests) throws IOException, InterruptedException {
        for (int i = 0; i < requests; i++) {
            get(stub.uri());
        }
    }

    /** A response with a status other than 200. */
    static final class UnexpectedStatus extends IOException implements HttpStatusFailure {
        private final int status;

        UnexpectedStatus(int status, URI uri) {
            super("GET " + uri.getPath() + " answered " + status);
            this.status = status;
        }

        @Override
        public int statusCode() {
            return status;
        }
    }
}
