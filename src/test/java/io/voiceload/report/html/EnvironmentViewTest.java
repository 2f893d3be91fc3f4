package io.voiceload.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The environment list names each dependency's provider, version and, for a container, its image. */
class EnvironmentViewTest {

    @Test
    void aContainersImageIsListedWithItsProviderAndVersion() throws Exception {
        JsonNode env = new ObjectMapper().readTree("""
                {"infrastructure": {
                  "postgres": {"provider": "TESTCONTAINERS", "version": "18.6", "image": "postgres:18"},
                  "redis": {"provider": "EMBEDDED", "version": "7.0.15"}}}""");
        Html h = new Html();
        EnvironmentView.write(h, env);
        assertThat(h.toString())
                .contains("<td>Postgres from</td><td>testcontainers</td>")
                .contains("<td>Postgres version</td><td>18.6</td>")
                .contains("<td>Postgres container image</td><td>postgres:18</td>")
                .contains("<td>Redis from</td><td>embedded</td>")
                .doesNotContain("Redis container image");
    }
}
