package io.voiceload.bench;

import io.voiceload.http.Http;
import io.voiceload.http.RestAssuredSupport;
import java.time.Duration;

/**
 * The iteration body of each {@link HttpClientBenchmark} mode: the suite's own clients ({@code fast}, {@code
 * restassured}), which record {@code GET /} by themselves, or one of the {@link ClientCandidates}.
 */
final class BenchBodies {
    private BenchBodies() {}

    static ClientCandidates.Candidate create(String mode, String baseUrl, int users) throws Exception {
        return switch (mode) {
            case "fast" -> fast(baseUrl, users);
            case "restassured" -> restAssured(baseUrl, users);
            default -> ClientCandidates.create(mode, baseUrl, users);
        };
    }

    private static ClientCandidates.Candidate fast(String baseUrl, int users) {
        Http http = Http.builder(baseUrl)
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
