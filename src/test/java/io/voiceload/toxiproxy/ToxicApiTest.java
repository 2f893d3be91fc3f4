package io.voiceload.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The toxic endpoints over raw HTTP: defaults, exact JSON, conflicts, merging updates, removal, validation. */
class ToxicApiTest {
    private static final String TOXICS = "/proxies/tp/toxics";

    @RegisterExtension
    static final Fixture fx = Fixture.create();

    @BeforeEach
    void proxy() throws Exception {
        fx.api.post("/proxies", "{\"name\":\"tp\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\"}");
    }

    private static String error(String message, int status) {
        return "{\"error\":\"" + message + "\",\"status\":" + status + "}\n";
    }

    @Test
    void defaultsAreDownstreamFullToxicityAndTypeStreamName() throws Exception {
        HttpResponse<String> r = fx.api.post(TOXICS, "{\"type\":\"latency\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(RawApi.contentType(r)).isEqualTo("application/json");
        assertThat(r.body())
                .isEqualTo("{\"attributes\":{\"latency\":0,\"jitter\":0},\"name\":\"latency_downstream\","
                        + "\"type\":\"latency\",\"stream\":\"downstream\",\"toxicity\":1}");
        HttpResponse<String> up = fx.api.post(TOXICS, "{\"type\":\"latency\",\"stream\":\"upstream\"}");
        assertThat(up.body()).contains("\"name\":\"latency_upstream\"");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "bandwidth|{\"rate\":0}",
                "slow_close|{\"delay\":0}",
                "timeout|{\"timeout\":0}",
                "reset_peer|{\"timeout\":0}",
                "limit_data|{\"bytes\":0}",
                "noop|{}",
            })
    void everyTypeShowsAllItsAttributesZerosIncluded(String type, String attributes) throws Exception {
        HttpResponse<String> r = fx.api.post(TOXICS, "{\"type\":\"" + type + "\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .isEqualTo("{\"attributes\":" + attributes + ",\"name\":\"" + type + "_downstream\",\"type\":\"" + type
                        + "\",\"stream\":\"downstream\",\"toxicity\":1}");
    }

    @Test
    void slicerAttributesInStructOrder() throws Exception {
        HttpResponse<String> r = fx.api.post(
                TOXICS,
                "{\"type\":\"slicer\",\"name\":\"s\",\"toxicity\":0.5,"
                        + "\"attributes\":{\"delay\":3,\"average_size\":10,\"size_variation\":2,\"other\":1}}");
        assertThat(r.body())
                .isEqualTo("{\"attributes\":{\"average_size\":10,\"size_variation\":2,\"delay\":3},\"name\":\"s\","
                        + "\"type\":\"slicer\",\"stream\":\"downstream\",\"toxicity\":0.5}");
    }

    @Test
    void namesAreUniqueAcrossStreams() throws Exception {
        fx.api.post(TOXICS, "{\"type\":\"latency\",\"name\":\"same\",\"stream\":\"downstream\"}");
        HttpResponse<String> r =
                fx.api.post(TOXICS, "{\"type\":\"bandwidth\",\"name\":\"same\",\"stream\":\"upstream\"}");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).isEqualTo(error("toxic already exists", 409));
        assertThat(fx.api.post(TOXICS, "{\"type\":\"timeout\"}").statusCode()).isEqualTo(200);
        assertThat(fx.api.post(TOXICS, "{\"type\":\"timeout\"}").statusCode()).isEqualTo(409);
    }

    @Test
    void streamIsMatchedIgnoringCaseAndEchoedAsSent() throws Exception {
        HttpResponse<String> r = fx.api.post(TOXICS, "{\"type\":\"latency\",\"stream\":\"UpStream\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"name\":\"latency_UpStream\"").contains("\"stream\":\"UpStream\"");
    }

    @Test
    void checksComeInUpstreamsOrder() throws Exception {
        assertThat(fx.api
                        .post(TOXICS, "{\"type\":\"nope\",\"stream\":\"sideways\"}")
                        .body())
                .isEqualTo(error("stream was invalid, can be either upstream or downstream", 400));
        assertThat(fx.api.post(TOXICS, "{\"type\":\"nope\"}").body()).isEqualTo(error("invalid toxic type", 400));
        assertThat(fx.api.post(TOXICS, "{\"type\":\"Latency\"}").body()).isEqualTo(error("invalid toxic type", 400));
        assertThat(fx.api.post(TOXICS, "{}").body()).isEqualTo(error("invalid toxic type", 400));
        assertThat(fx.api.post(TOXICS, "{\"type\":\"latency\",\"stream\":\"\"}").statusCode())
                .isEqualTo(400);
        assertThat(fx.api
                        .post(TOXICS, "{\"type\":\"latency\",\"attributes\":{\"latency\":1.5}}")
                        .body())
                .isEqualTo(error(
                        "bad request body: json: cannot unmarshal number 1.5 into Go struct field"
                                + " LatencyToxic.attributes.latency of type int64",
                        400));
        assertThat(fx.api
                        .post(TOXICS, "{\"type\":\"latency\",\"toxicity\":\"high\"}")
                        .body())
                .isEqualTo(error(
                        "bad request body: json: cannot unmarshal string into Go struct field"
                                + " ToxicWrapper.toxicity of type float32",
                        400));
    }

    @Test
    void listShowsUpstreamToxicsFirstThenDownstreamInOrderAdded() throws Exception {
        fx.api.post(TOXICS, "{\"type\":\"latency\",\"name\":\"d1\"}");
        fx.api.post(TOXICS, "{\"type\":\"latency\",\"name\":\"u1\",\"stream\":\"upstream\"}");
        fx.api.post(TOXICS, "{\"type\":\"latency\",\"name\":\"d2\"}");
        String body = fx.api.get(TOXICS).body();
        assertThat(body.indexOf("\"u1\"")).isLessThan(body.indexOf("\"d1\""));
        assertThat(body.indexOf("\"d1\"")).isLessThan(body.indexOf("\"d2\""));
        assertThat(fx.api.get("/proxies/tp").body()).contains("\"toxics\":" + body);
    }

    @Test
    void emptyToxicListIsAnEmptyArray() throws Exception {
        HttpResponse<String> r = fx.api.get(TOXICS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("[]");
    }

    @Test
    void updatesMergeAttributesAndKeepToxicityUnlessGiven() throws Exception {
        fx.api.post(
                TOXICS,
                "{\"type\":\"latency\",\"name\":\"l\",\"toxicity\":0.5,\"attributes\":{\"latency\":100,\"jitter\":10}}");
        HttpResponse<String> r = fx.api.patch(TOXICS + "/l", "{\"attributes\":{\"latency\":200}}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .isEqualTo("{\"attributes\":{\"latency\":200,\"jitter\":10},\"name\":\"l\",\"type\":\"latency\","
                        + "\"stream\":\"downstream\",\"toxicity\":0.5}");
        HttpResponse<String> t = fx.api.post(TOXICS + "/l", "{\"toxicity\":0.2,\"name\":\"renamed\",\"type\":\"x\"}");
        assertThat(t.body())
                .isEqualTo("{\"attributes\":{\"latency\":200,\"jitter\":10},\"name\":\"l\",\"type\":\"latency\","
                        + "\"stream\":\"downstream\",\"toxicity\":0.2}");
        assertThat(fx.api.get(TOXICS + "/l").body()).isEqualTo(t.body());
        assertThat(fx.api.patch(TOXICS + "/ghost", "{}").body()).isEqualTo(error("toxic not found", 404));
        assertThat(fx.api
                        .patch(TOXICS + "/l", "{\"attributes\":{\"jitter\":\"x\"}}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void removalAnswers204ThenTheToxicIsGone() throws Exception {
        fx.api.post(TOXICS, "{\"type\":\"latency\",\"name\":\"gone\"}");
        HttpResponse<String> r = fx.api.delete(TOXICS + "/gone");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(fx.api.get(TOXICS + "/gone").body()).isEqualTo(error("toxic not found", 404));
        assertThat(fx.api.delete(TOXICS + "/gone").statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"average_size\":0}|slicer average_size must be greater than 0, was 0",
                "{\"average_size\":-5}|slicer average_size must be greater than 0, was -5",
                "{\"average_size\":10,\"size_variation\":10}|slicer size_variation must be at least 0 and less than"
                        + " average_size (10), was 10",
                "{\"average_size\":10,\"size_variation\":-1}|slicer size_variation must be at least 0 and less than"
                        + " average_size (10), was -1",
            })
    void slicerSettingsOnWhichUpstreamHangsAreRejected(String attributes, String message) throws Exception {
        HttpResponse<String> r = fx.api.post(TOXICS, "{\"type\":\"slicer\",\"attributes\":" + attributes + "}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo(error("bad request body: " + message, 400));
        assertThat(fx.api.get(TOXICS).body()).isEqualTo("[]");
    }

    @Test
    void slicerUpdateIsValidatedToo() throws Exception {
        fx.api.post(TOXICS, "{\"type\":\"slicer\",\"attributes\":{\"average_size\":10,\"size_variation\":5}}");
        assertThat(fx.api
                        .patch(TOXICS + "/slicer_downstream", "{\"attributes\":{\"average_size\":5}}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(fx.api.get(TOXICS + "/slicer_downstream").body()).contains("\"average_size\":10");
    }

    @Test
    void lossAttributesAppearOnlyWhileLossIsOn() throws Exception {
        HttpResponse<String> r =
                fx.api.post(TOXICS, "{\"type\":\"latency\",\"attributes\":{\"latency\":5,\"loss_probability\":0.1}}");
        assertThat(r.body())
                .isEqualTo("{\"attributes\":{\"latency\":5,\"jitter\":0,\"loss_probability\":0.1,"
                        + "\"retransmit_timeout\":200},\"name\":\"latency_downstream\",\"type\":\"latency\","
                        + "\"stream\":\"downstream\",\"toxicity\":1}");
        HttpResponse<String> off =
                fx.api.patch(TOXICS + "/latency_downstream", "{\"attributes\":{\"loss_probability\":0}}");
        assertThat(off.body()).startsWith("{\"attributes\":{\"latency\":5,\"jitter\":0},");
        HttpResponse<String> on = fx.api.patch(
                TOXICS + "/latency_downstream", "{\"attributes\":{\"loss_probability\":1,\"retransmit_timeout\":50}}");
        assertThat(on.body()).contains("\"loss_probability\":1,\"retransmit_timeout\":50}");
        assertThat(fx.api
                        .patch(TOXICS + "/latency_downstream", "{\"attributes\":{\"loss_probability\":1.5}}")
                        .body())
                .isEqualTo(error("bad request body: latency loss_probability must be between 0 and 1, was 1.5", 400));
    }
}
