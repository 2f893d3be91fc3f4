package io.voiceload.bench;

import io.voiceload.http.Http;
import io.voiceload.http.RestAssuredSupport;
import io.voiceload.http.Transport;
import java.time.Duration;

/**
 * The iteration body of each {@link HttpClientBenchmark} mode: the suite's own clients ({@code fast}, {@code raw}
 * (the fast client with {@link Transport#RAW}), {@code restassured}), which record {@code GET /} by themselves, or one of the {@link ClientCandidates}.
 */
final class BenchBodies {
    private BenchBodies() {}

    static ClientCandidates.Candidate create(String mode, String baseUrl, int users) throws Exception {
        return switch (mode) {
            case "fast" -> fast(baseUrl, users, Transport.VERTX);
            case "raw" -> fast(baseUrl, users, Transport.RAW);
            case "restassured" -> restAssured(baseUrl, users);
            default -> ClientCandidates.create(mode, baseUrl, users);
        };
    }

    private static ClientCandidates.Candidate fast(String baseUrl, int users, Transport transport) {
        Http http = Http.builder(baseUrl)
                .transport(transport)
                .maxConnections(users)
                .requestTimeout(Duration.ofSeconds(5))
                .build();
        return new ClientCandidates.Candidate() {
            @Override
            public void run(io.voiceload.load.VirtualUser user) {
                http.get("/").send();
            }

            @Override
            public void close() {
                http.close();
            }
        };
    }

    private static ClientCandidates.Candidate restAssured(String baseUrl, int users) {
        RestAssuredSupport ra = RestAssuredSupport.to(baseUrl, users, Duration.ofSeconds(5));
        return new ClientCandidates.Candidate() {
            @Override
            public void run(io.voiceload.load.VirtualUser user) {
                ra.given().get("/").then().statusCode(200);
            }

            @Override
            public void close() {
                ra.close();
            }
        };
    }
}
