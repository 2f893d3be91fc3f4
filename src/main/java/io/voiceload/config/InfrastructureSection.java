package io.voiceload.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/** Reads the {@code infrastructure} section of the configuration file. */
final class InfrastructureSection {

    static final List<String> KEYS = List.of("docker", "postgres", "redis", "toxiproxy");
    static final List<String> POSTGRES_KEYS = List.of("url", "image", "pool_size", "database");
    static final List<String> REDIS_KEYS = List.of("url", "image");
    static final List<String> TOXIPROXY_KEYS = List.of("url", "image");

    /** Docker's reference grammar, loosely: registry/name:tag or @digest, no spaces. */
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@+-]*");

    /** What Postgres accepts unquoted (lower case, as it folds names) and within NAMEDATALEN. */
    static final Pattern DATABASE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private InfrastructureSection() {}

    static InfrastructureConfig read(ConfigSection s) {
        s.allowOnly(KEYS);
        ConfigSection postgres = s.object("postgres");
        ConfigSection redis = s.object("redis");
        ConfigSection toxiproxy = s.object("toxiproxy");
        if (postgres != null) {
            postgres.allowOnly(POSTGRES_KEYS);
        }
        if (redis != null) {
            redis.allowOnly(REDIS_KEYS);
        }
        if (toxiproxy != null) {
            toxiproxy.allowOnly(TOXIPROXY_KEYS);
        }
        return new InfrastructureConfig(
                docker(s),
                postgres == null ? null : url(postgres, PostgresUrl::parse),
                postgres == null ? null : image(postgres),
                postgres == null ? null : postgres.wholeNumber("pool_size", 1),
                postgres == null ? null : database(postgres),
                redis == null ? null : url(redis, RedisUrl::parse),
                redis == null ? null : image(redis),
                toxiproxy == null ? null : url(toxiproxy, ToxiproxyUrl::parse),
                toxiproxy == null ? null : image(toxiproxy));
    }

    private static DockerMode docker(ConfigSection s) {
        JsonNode v = s.value("docker");
        if (v == null) {
            return null;
        }
        return s.problems()
                .guard(() -> DockerMode.parse(v.isTextual() ? v.textValue() : v.toString(), s.where("docker")));
    }

    /** An address; the message quotes it with its password masked. */
    private static <T> T url(ConfigSection s, BiFunction<String, String, T> parse) {
        JsonNode v = s.value("url");
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            s.problems().add(s.where("url") + ": must be a string (an address) or null");
            return null;
        }
        String where = s.source() + ": " + s.path("url") + " = \"" + ServiceUrls.redact(v.textValue()) + "\"";
        if (v.textValue().isBlank()) {
            s.problems().add(where + ": empty; write null to let the suite start a server");
            return null;
        }
        return s.problems().guard(() -> parse.apply(v.textValue(), where));
    }

    private static String image(ConfigSection s) {
        String image = s.text("image");
        if (image != null && !IMAGE.matcher(image).matches()) {
            s.problems()
                    .add(s.where("image") + ": not a Docker image name; write e.g. postgres:18 or "
                            + "ghcr.io/shopify/toxiproxy:2.12.0");
            return null;
        }
        return image;
    }

    private static String database(ConfigSection s) {
        String name = s.text("database");
        if (name != null && !DATABASE.matcher(name).matches()) {
            s.problems()
                    .add(s.where("database") + ": not a database name; use lower-case letters, digits and _, "
                            + "starting with a letter or _, at most 63 characters");
            return null;
        }
        return name;
    }
}
