package io.voiceload.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Status codes, headers and exact bodies of the proxy endpoints and the router, over raw HTTP. */
class ApiEndpointsTest {
    private static final String TEXT = "text/plain; charset=utf-8";

    @RegisterExtension
    static final Fixture fx = Fixture.create();

    @Test
    void versionHasGosExactBodyAndType() throws Exception {
        HttpResponse<String> r = fx.api.get("/version");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"version\": \"2.12.0\"}\n");
        assertThat(RawApi.contentType(r)).isEqualTo("application/json;charset=utf-8");
        assertThat(r.headers().firstValue("X-Toxiproxy-Request-Id"))
                .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-v]{20}"));
    }

    @Test
    void everyRequestGetsItsOwnRequestId() throws Exception {
        String a = fx.api
                .get("/proxies")
                .headers()
                .firstValue("X-Toxiproxy-Request-Id")
                .orElseThrow();
        String b = fx.api
                .get("/proxies")
                .headers()
                .firstValue("X-Toxiproxy-Request-Id")
                .orElseThrow();
        assertThat(a).isNotEqualTo(b);
    }

    @ParameterizedTest
    @CsvSource({"/nothing", "/proxies/", "/proxies/a/b", "/proxies/a/toxics/", "/metrics", "/"})
    void unknownPathsAreGos404(String path) throws Exception {
        HttpResponse<String> r = fx.api.get(path);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("404 page not found\n");
        assertThat(RawApi.contentType(r)).isEqualTo(TEXT);
        assertThat(r.headers().firstValue("X-Toxiproxy-Request-Id")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"PUT,/proxies", "DELETE,/version", "GET,/reset", "GET,/populate", "PUT,/proxies/a/toxics/b"})
    void wrongMethodIsAnEmpty405(String method, String path) throws Exception {
        HttpResponse<String> r = fx.api.send(method, path, null, null);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void browsersAreTurnedAway() throws Exception {
        HttpResponse<String> r = fx.api.send("GET", "/proxies", null, "Mozilla/5.0 (X11; Linux x86_64)");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("User agent not allowed\n");
        assertThat(RawApi.contentType(r)).isEqualTo(TEXT);
        assertThat(r.headers().firstValue("X-Toxiproxy-Request-Id")).isPresent();
        assertThat(fx.api.send("GET", "/proxies", null, "curl/8.0").statusCode())
                .isEqualTo(200);
    }

    @Test
    void emptyProxyListIsAnEmptyObject() throws Exception {
        HttpResponse<String> r = fx.api.get("/proxies");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{}");
        assertThat(RawApi.contentType(r)).isEqualTo("application/json");
    }

    @Test
    void createAnswers201WithTheBoundAddress() throws Exception {
        HttpResponse<String> r =
                fx.api.post("/proxies", "{\"name\":\"one\",\"listen\":\"localhost:0\",\"upstream\":\"localhost:9\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(RawApi.contentType(r)).isEqualTo("application/json");
        assertThat(r.body())
                .matches("\\{\"name\":\"one\",\"listen\":\"127\\.0\\.0\\.1:[1-9][0-9]*\",\"upstream\":\"localhost:9\","
                        + "\"enabled\":true,\"toxics\":\\[]}");
        assertThat(fx.api.get("/proxies/one").body()).isEqualTo(r.body());
    }

    @Test
    void proxiesListAsAnObjectSortedByName() throws Exception {
        fx.api.post("/proxies", "{\"name\":\"b\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\",\"enabled\":false}");
        fx.api.post("/proxies", "{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\",\"enabled\":false}");
        assertThat(fx.api.get("/proxies").body())
                .isEqualTo("{\"a\":{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\",\"enabled\":false,"
                        + "\"toxics\":[]},\"b\":{\"name\":\"b\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\","
                        + "\"enabled\":false,\"toxics\":[]}}");
    }

    @Test
    void aDisabledProxyKeepsItsListenStringAndDoesNotBind() throws Exception {
        HttpResponse<String> r = fx.api.post(
                "/proxies", "{\"name\":\"off\",\"listen\":\"localhost:0\",\"upstream\":\"x:1\",\"enabled\":false}");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).contains("\"listen\":\"localhost:0\"").contains("\"enabled\":false");
    }

    @Test
    void keysMatchCaseInsensitivelyAsInGo() throws Exception {
        HttpResponse<String> r =
                fx.api.post("/proxies", "{\"NAME\":\"ci\",\"Listen\":\"127.0.0.1:0\",\"UpStream\":\"x:1\",\"x\":1}");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).startsWith("{\"name\":\"ci\",");
    }

    static Stream<Arguments> createErrors() {
        return Stream.of(
                arguments("{\"listen\":\"127.0.0.1:0\"}", 400, "missing required field: name"),
                arguments("{\"name\":\"n\"}", 400, "missing required field: upstream"),
                arguments("{\"name\":\"\",\"upstream\":\"\"}", 400, "missing required field: name"),
                arguments("", 400, "bad request body: EOF"),
                arguments("{", 400, "bad request body: unexpected EOF"),
                arguments("nonsense", 400, "bad request body: invalid character 'n' looking for beginning of value"),
                arguments(
                        "{\"name\":5}",
                        400,
                        "bad request body: json: cannot unmarshal number into Go struct field Proxy.name of type"
                                + " string"),
                arguments(
                        "{\"name\":\"n\",\"upstream\":\"x:1\",\"enabled\":\"yes\"}",
                        400,
                        "bad request body: json: cannot unmarshal string into Go struct field Proxy.enabled of type"
                                + " bool"),
                arguments(
                        "[]",
                        400,
                        "bad request body: json: cannot unmarshal array into Go value of type toxiproxy.Proxy"),
                arguments(
                        "{\"name\":\"n\",\"listen\":\"nonsense\",\"upstream\":\"x:1\"}",
                        500,
                        "listen tcp: address nonsense: missing port in address"));
    }

    @ParameterizedTest
    @MethodSource("createErrors")
    void createErrorsCarryUpstreamsMessages(String body, int status, String message) throws Exception {
        HttpResponse<String> r = fx.api.post("/proxies", body);
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.body()).isEqualTo("{\"error\":\"" + message + "\",\"status\":" + status + "}\n");
        assertThat(RawApi.contentType(r)).isEqualTo(TEXT);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void duplicateNameIs409() throws Exception {
        String body = "{\"name\":\"dup\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\"}";
        assertThat(fx.api.post("/proxies", body).statusCode()).isEqualTo(201);
        HttpResponse<String> r = fx.api.post("/proxies", body);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).isEqualTo("{\"error\":\"proxy already exists\",\"status\":409}\n");
    }

    @Test
    void portConflictIsA500WithGosBindError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            HttpResponse<String> r = fx.api.post(
                    "/proxies", "{\"name\":\"clash\",\"listen\":\"localhost:" + port + "\",\"upstream\":\"x:1\"}");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body())
                    .isEqualTo("{\"error\":\"listen tcp 127.0.0.1:" + port
                            + ": bind: address already in use\",\"status\":500}\n");
            assertThat(fx.api.get("/proxies/clash").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void unknownProxyIs404OnEveryProxyEndpoint() throws Exception {
        String notFound = "{\"error\":\"proxy not found\",\"status\":404}\n";
        assertThat(fx.api.get("/proxies/ghost").body()).isEqualTo(notFound);
        assertThat(fx.api.patch("/proxies/ghost", "{}").body()).isEqualTo(notFound);
        assertThat(fx.api.delete("/proxies/ghost").body()).isEqualTo(notFound);
        assertThat(fx.api.get("/proxies/ghost/toxics").body()).isEqualTo(notFound);
        assertThat(fx.api
                        .post("/proxies/ghost/toxics", "{\"type\":\"latency\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(fx.api.get("/proxies/ghost/toxics/t").body()).isEqualTo(notFound);
    }

    @Test
    void patchAndPostUpdateWhatTheyGiveAndKeepTheRest() throws Exception {
        fx.api.post("/proxies", "{\"name\":\"u\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\"}");
        HttpResponse<String> off = fx.api.patch("/proxies/u", "{\"enabled\":false}");
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(off.body()).contains("\"upstream\":\"x:1\",\"enabled\":false");
        HttpResponse<String> moved = fx.api.post("/proxies/u", "{\"upstream\":\"y:2\"}");
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(moved.body()).contains("\"upstream\":\"y:2\",\"enabled\":false");
        HttpResponse<String> on = fx.api.patch("/proxies/u", "{\"enabled\":true,\"listen\":\"localhost:0\"}");
        assertThat(on.body()).matches(".*\"listen\":\"127\\.0\\.0\\.1:[1-9][0-9]*\".*\"enabled\":true.*");
        assertThat(fx.api.patch("/proxies/u", "{\"enabled\":1}").statusCode()).isEqualTo(400);
    }

    @Test
    void updatingToAnUnresolvableListenIs500() throws Exception {
        fx.api.post("/proxies", "{\"name\":\"r\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\"}");
        HttpResponse<String> r = fx.api.patch("/proxies/r", "{\"listen\":\"no-port\"}");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"error\":\"address no-port: missing port in address\",\"status\":500}\n");
    }

    @Test
    void deleteAnswers204ThenTheProxyIsGone() throws Exception {
        fx.api.post("/proxies", "{\"name\":\"d\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\"}");
        HttpResponse<String> r = fx.api.delete("/proxies/d");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(fx.api.get("/proxies/d").statusCode()).isEqualTo(404);
        assertThat(fx.api.delete("/proxies/d").statusCode()).isEqualTo(404);
    }

    @Test
    void resetAnswers204() throws Exception {
        HttpResponse<String> r = fx.api.post("/reset", "");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void resetReenablesProxiesAndRemovesToxics() throws Exception {
        fx.api.post("/proxies", "{\"name\":\"z\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\",\"enabled\":false}");
        fx.api.post("/proxies/z/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":5}}");
        fx.api.post("/reset", "");
        assertThat(fx.api.get("/proxies/z").body())
                .matches(".*\"listen\":\"127\\.0\\.0\\.1:[1-9][0-9]*\".*\"enabled\":true,\"toxics\":\\[]}");
    }
}
