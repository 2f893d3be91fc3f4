package io.voiceload.config;

import static io.voiceload.config.TestConfigs.config;
import static io.voiceload.config.TestConfigs.pairs;
import static io.voiceload.config.TestConfigs.sysprops;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InfrastructureSettingsTest {

    @Nested
    class Resolution {

        @Test
        void defaultsWhenTheFileHasNoSection() {
            InfrastructureSettings s = InfrastructureSettings.resolve(config(""), Overrides.none());
            assertThat(s.docker()).isEqualTo(Sourced.of(DockerMode.AUTO, BuiltInDefaults.ORIGIN));
            assertThat(s.postgresUrl().value()).isNull();
            assertThat(s.redisUrl().value()).isNull();
            assertThat(s.toxiproxyUrl().value()).isNull();
            assertThat(s.postgresImage().value()).isEqualTo("postgres:18");
            assertThat(s.postgresPoolSize().value()).isEqualTo(10);
            assertThat(s.postgresDatabase().value()).isEqualTo("voiceload");
            assertThat(s.redisImage().value()).isEqualTo("redis:7");
            assertThat(s.toxiproxyImage().value()).isEqualTo("ghcr.io/shopify/toxiproxy:2.12.0");
        }

        @Test
        void theShippedFileHasTheSectionWithTheDefaults() {
            LoadTestConfig shipped = LoadTestConfig.load(java.nio.file.Path.of(LoadTestConfig.FILE_NAME));
            InfrastructureSettings s = InfrastructureSettings.resolve(shipped, Overrides.none());
            assertThat(s.docker())
                    .isEqualTo(Sourced.of(DockerMode.AUTO, "load_test_config.json infrastructure.docker"));
            assertThat(s.postgresUrl()).isEqualTo(Sourced.of(null, BuiltInDefaults.ORIGIN));
            assertThat(s.postgresPoolSize())
                    .isEqualTo(Sourced.of(10, "load_test_config.json infrastructure.postgres.pool_size"));
            assertThat(s.toxiproxyImage().value()).isEqualTo(InfrastructureSettings.DEFAULT_TOXIPROXY_IMAGE);
        }

        @Test
        void fileValuesAreReadAndNamed() {
            LoadTestConfig c = config("""
                    "infrastructure": {
                      "$comment": "ours",
                      "docker": "never",
                      "postgres": { "url": "postgresql://app:s3cret@db.internal:6543/orders?sslmode=require",
                                    "image": "postgres:17-alpine", "pool_size": 4, "database": "load_db" },
                      "redis": { "url": "redis://:pw@cache:6380/2", "image": "redis:7.4" },
                      "toxiproxy": { "url": "http://toxiproxy:8474", "image": "shopify/toxiproxy:2.9.0" }
                    }
                    """);
            InfrastructureSettings s = InfrastructureSettings.resolve(c, Overrides.none());
            assertThat(s.docker())
                    .isEqualTo(Sourced.of(DockerMode.NEVER, "load_test_config.json infrastructure.docker"));
            PostgresUrl pg = s.postgresUrl().value();
            assertThat(pg)
                    .isEqualTo(new PostgresUrl(
                            "db.internal", 6543, "orders", "app", "s3cret", Map.of("sslmode", "require")));
            assertThat(s.postgresUrl().origin()).isEqualTo("load_test_config.json infrastructure.postgres.url");
            assertThat(s.postgresImage().value()).isEqualTo("postgres:17-alpine");
            assertThat(s.postgresPoolSize().value()).isEqualTo(4);
            assertThat(s.postgresDatabase().value()).isEqualTo("load_db");
            assertThat(s.redisUrl().value()).isEqualTo(new RedisUrl("cache", 6380, null, "pw", 2));
            assertThat(s.redisImage().value()).isEqualTo("redis:7.4");
            assertThat(s.toxiproxyUrl().value()).isEqualTo(new ToxiproxyUrl("http", "toxiproxy", 8474));
            assertThat(s.toxiproxyImage().value()).isEqualTo("shopify/toxiproxy:2.9.0");
        }

        @Test
        void overridesBeatTheFileAndAutoClearsAFileAddress() {
            LoadTestConfig c = config("""
                    "infrastructure": { "docker": "required", "postgres": { "url": "postgresql://a@file-db/x" },
                                        "redis": { "url": "redis://file-cache" } }
                    """);
            Overrides o = Overrides.of(
                    pairs(
                            "loadtest.postgres.url",
                            "jdbc:postgresql://cli-db:5433/y?user=u&password=p",
                            "loadtest.docker",
                            "never"),
                    Map.of("LOADTEST_REDIS_URL", "auto", "LOADTEST_TOXIPROXY_URL", "http://127.0.0.1:18474"));
            InfrastructureSettings s = InfrastructureSettings.resolve(c, o);
            assertThat(s.docker()).isEqualTo(Sourced.of(DockerMode.NEVER, "-Dloadtest.docker"));
            assertThat(s.postgresUrl())
                    .isEqualTo(Sourced.of(
                            new PostgresUrl("cli-db", 5433, "y", "u", "p", Map.of()), "-Dloadtest.postgres.url"));
            assertThat(s.redisUrl()).isEqualTo(Sourced.of(null, "LOADTEST_REDIS_URL"));
            assertThat(s.toxiproxyUrl().value()).isEqualTo(new ToxiproxyUrl("http", "127.0.0.1", 18474));
        }

        @Test
        void anAddressWithoutDatabaseUsesTheConfiguredOne() {
            LoadTestConfig c = config("\"infrastructure\": { \"postgres\": { \"database\": \"perf\" } }");
            InfrastructureSettings s =
                    InfrastructureSettings.resolve(c, sysprops("loadtest.postgres.url", "postgresql://u@db"));
            assertThat(s.postgresUrl().value().database()).isEqualTo("perf");
            assertThat(s.postgresUrl().value().port()).isEqualTo(5432);
            assertThat(s.postgresUrl().origin())
                    .isEqualTo("-Dloadtest.postgres.url + database from load_test_config.json"
                            + " infrastructure.postgres.database");
        }

        @Test
        void describeMasksPasswordsAndNamesOrigins() {
            InfrastructureSettings s = InfrastructureSettings.resolve(
                    config(""),
                    sysprops(
                            "loadtest.postgres.url", "postgresql://app:s3cret@db:5432/orders",
                            "loadtest.redis.url", "redis://:hush@cache:6379"));
            assertThat(s.describe())
                    .contains("postgres.url = postgresql://app:***@db:5432/orders  (-Dloadtest.postgres.url)")
                    .contains("redis.url = redis://:***@cache:6379/0  (-Dloadtest.redis.url)")
                    .contains("toxiproxy.url = none (started by the suite)  (built-in default)")
                    .contains("docker = auto  (built-in default)")
                    .doesNotContain("s3cret")
                    .doesNotContain("hush");
        }

        @Test
        void howToUseExistingNamesTheKeyThePropertyAndTheVariable() {
            assertThat(InfrastructureSettings.howToUseExisting("redis"))
                    .isEqualTo("set infrastructure.redis.url in load_test_config.json, or"
                            + " -Dloadtest.redis.url=redis://host:6379 (environment: LOADTEST_REDIS_URL)");
        }
    }

    @Nested
    class Addresses {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                jdbc:postgresql://db:5433/app?user=u&password=p            | db  | 5433 | app | u    | p
                jdbc:postgresql://db/app                                   | db  | 5432 | app |      |
                JDBC:PostgreSQL://10.0.0.7:5432/app?user=u                 | 10.0.0.7 | 5432 | app | u |
                postgresql://u:p%40ss@db:5432/app                          | db  | 5432 | app | u    | p@ss
                postgres://u@db_1/app                                      | db_1 | 5432 | app | u   |
                postgresql://u:p@[::1]:6000/app                            | ::1 | 6000 | app | u    | p
                postgresql://db                                            | db  | 5432 |     |      |
                """)
        void postgresForms(String text, String host, int port, String db, String user, String password) {
            PostgresUrl url = PostgresUrl.of(text);
            assertThat(url.host()).isEqualTo(host);
            assertThat(url.port()).isEqualTo(port);
            assertThat(url.database()).isEqualTo(db);
            assertThat(url.user()).isEqualTo(user);
            assertThat(url.password()).isEqualTo(password);
        }

        @Test
        void postgresKeepsFurtherParametersAndRebuildsTheJdbcUrlWithoutCredentials() {
            PostgresUrl url = PostgresUrl.of("jdbc:postgresql://db:5432/app?user=u&password=p&sslmode=require");
            assertThat(url.parameters()).containsExactly(Map.entry("sslmode", "require"));
            assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/app?sslmode=require");
            assertThat(url).hasToString("postgresql://u:***@db:5432/app?sslmode=require");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                redis://cache                    | cache | 6379 |      |        | 0
                redis://cache:6380/3             | cache | 6380 |      |        | 3
                redis://:pw@cache:6379           | cache | 6379 |      | pw     | 0
                redis://pw@cache                 | cache | 6379 |      | pw     | 0
                redis://app:pw@cache/1           | cache | 6379 | app  | pw     | 1
                """)
        void redisForms(String text, String host, int port, String user, String password, int db) {
            RedisUrl url = RedisUrl.of(text);
            assertThat(url).isEqualTo(new RedisUrl(host, port, user, password, db));
        }

        @Test
        void toxiproxyDefaultsToItsPort() {
            assertThat(ToxiproxyUrl.of("http://tp")).isEqualTo(new ToxiproxyUrl("http", "tp", 8474));
            assertThat(ToxiproxyUrl.of("http://tp:18474/")).hasToString("http://tp:18474");
        }
    }

    @Nested
    class Errors {

        @ParameterizedTest(name = "{0}={1}")
        @CsvSource(delimiter = '|', textBlock = """
                loadtest.postgres.url  | mysql://db:3306/app                   | -Dloadtest.postgres.url=mysql://db:3306/app: scheme "mysql" is not a PostgreSQL address; use jdbc:postgresql://host:5432/db?user=…&password=… or postgresql://user:password@host:5432/db
                loadtest.postgres.url  | jdbc:mysql://db/app                   | -Dloadtest.postgres.url=jdbc:mysql://db/app: scheme "jdbc:mysql" is not a PostgreSQL address
                loadtest.postgres.url  | db:5432                               | -Dloadtest.postgres.url=db:5432: not an address of the form scheme://host:port; use jdbc:postgresql://
                loadtest.postgres.url  | postgresql://:5432/app                | -Dloadtest.postgres.url=postgresql://:5432/app: no host; use
                loadtest.postgres.url  | postgresql://db:99999/app             | -Dloadtest.postgres.url=postgresql://db:99999/app: port "99999" must be a whole number from 1 to 65535
                loadtest.postgres.url  | postgresql://db:abc/app               | -Dloadtest.postgres.url=postgresql://db:abc/app: port "abc" must be a whole number from 1 to 65535
                loadtest.postgres.url  | postgresql://db:0/app                 | port "0" must be a whole number from 1 to 65535
                loadtest.postgres.url  | jdbc:postgresql://a:5432,b:5432/app   | several hosts ("a:5432,b:5432"); give exactly one
                loadtest.postgres.url  | postgresql://db/a/b                   | "/a/b" is not a database name (one path segment: /db)
                loadtest.postgres.url  | postgresql://u:p%zz@db/app            | -Dloadtest.postgres.url=postgresql://u:***@db/app: not an address (Malformed escape pair)
                loadtest.redis.url     | rediss://cache:6379                   | -Dloadtest.redis.url=rediss://cache:6379: TLS (rediss://) is not supported; use redis://host:6379
                loadtest.redis.url     | http://cache:6379                     | -Dloadtest.redis.url=http://cache:6379: scheme "http" is not a Redis address
                loadtest.redis.url     | redis://cache:6379/x                  | -Dloadtest.redis.url=redis://cache:6379/x: database "x" must be a whole number >= 0
                loadtest.redis.url     | redis://cache:70000                   | -Dloadtest.redis.url=redis://cache:70000: port "70000" must be a whole number from 1 to 65535
                loadtest.redis.url     | redis://cache?timeout=5               | parameters (?timeout) are not supported
                loadtest.redis.url     | localhost:6379                        | -Dloadtest.redis.url=localhost:6379: not an address of the form scheme://host:port; use redis://host:6379
                loadtest.toxiproxy.url | tcp://tp:8474                         | -Dloadtest.toxiproxy.url=tcp://tp:8474: scheme "tcp" is not a Toxiproxy API address (http); use http://host:8474
                loadtest.toxiproxy.url | http://tp:8474/proxies                | the API is at the root: give no path or parameters
                loadtest.toxiproxy.url | http://tp bad:8474                     | -Dloadtest.toxiproxy.url=http://tp bad:8474: not an address (Illegal character in authority)
                loadtest.docker        | sometimes                             | -Dloadtest.docker=sometimes: must be one of auto, never, required; auto uses Docker
                loadtest.docker        | nevr                                  | -Dloadtest.docker=nevr: must be one of auto, never, required; did you mean "never"?
                """)
        void overridesNameTheKeyTheValueAndWhatIsAllowed(String property, String value, String expected) {
            assertThatThrownBy(() -> sysprops(property, value))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(expected);
        }

        @Test
        void passwordsNeverAppearInMessages() {
            assertThatThrownBy(() -> sysprops("loadtest.postgres.url", "postgresql://app:s3cret@db:0/x"))
                    .hasMessageStartingWith("-Dloadtest.postgres.url=postgresql://app:***@db:0/x: port \"0\"")
                    .hasMessageNotContaining("s3cret");
            assertThatThrownBy(() -> sysprops("loadtest.postgres.url", "jdbc:mysql://db/x?user=a&password=s3cret"))
                    .hasMessageContaining("password=***")
                    .hasMessageNotContaining("s3cret");
            assertThatThrownBy(() -> Overrides.of(Map.of(), Map.of("LOADTEST_REDIS_URL", "rediss://:s3cret@cache")))
                    .hasMessageStartingWith("LOADTEST_REDIS_URL=rediss://:***@cache: TLS")
                    .hasMessageNotContaining("s3cret");
            assertThatThrownBy(() -> config("\"infrastructure\": { \"redis\": { \"url\": \"redis://:s3cret@c:0\" } }"))
                    .hasMessageContaining("infrastructure.redis.url = \"redis://:***@c:0\": port \"0\"")
                    .hasMessageNotContaining("s3cret");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                unknown section key   | "infrastructure": { "dockr": "auto" } | load_test_config.json: unknown key "dockr" in infrastructure; did you mean "docker"? allowed: docker, postgres, redis, toxiproxy
                unknown postgres key  | "infrastructure": { "postgres": { "poolSize": 5 } } | load_test_config.json: unknown key "poolSize" in infrastructure.postgres; did you mean "pool_size"? allowed: url, image, pool_size, database
                unknown redis key     | "infrastructure": { "redis": { "uri": "redis://x" } } | load_test_config.json: unknown key "uri" in infrastructure.redis; did you mean "url"? allowed: url, image
                unknown toxiproxy key | "infrastructure": { "toxiproxy": { "host": "x" } } | unknown key "host" in infrastructure.toxiproxy; allowed: url, image
                bad docker mode       | "infrastructure": { "docker": "yes" } | load_test_config.json: infrastructure.docker = "yes": must be one of auto, never, required
                docker as boolean     | "infrastructure": { "docker": true } | load_test_config.json: infrastructure.docker = true: must be one of auto, never, required
                docker typo           | "infrastructure": { "docker": "requird" } | infrastructure.docker = "requird": must be one of auto, never, required; did you mean "required"?
                bad postgres url      | "infrastructure": { "postgres": { "url": "mysql://db/x" } } | load_test_config.json: infrastructure.postgres.url = "mysql://db/x": scheme "mysql" is not a PostgreSQL address
                url as number         | "infrastructure": { "redis": { "url": 6379 } } | load_test_config.json: infrastructure.redis.url = 6379: must be a string (an address) or null
                empty url             | "infrastructure": { "redis": { "url": "" } } | load_test_config.json: infrastructure.redis.url = "": empty; write null to let the suite start a server
                bad toxiproxy url     | "infrastructure": { "toxiproxy": { "url": "toxiproxy:8474" } } | infrastructure.toxiproxy.url = "toxiproxy:8474": not an address of the form scheme://host:port; use http://host:8474
                zero pool             | "infrastructure": { "postgres": { "pool_size": 0 } } | load_test_config.json: infrastructure.postgres.pool_size = 0: must be a whole number >= 1
                pool as text          | "infrastructure": { "postgres": { "pool_size": "10" } } | infrastructure.postgres.pool_size = "10": must be a whole number >= 1
                bad database          | "infrastructure": { "postgres": { "database": "Load-DB" } } | load_test_config.json: infrastructure.postgres.database = "Load-DB": not a database name; use lower-case letters, digits and _
                bad image             | "infrastructure": { "redis": { "image": "redis 7" } } | load_test_config.json: infrastructure.redis.image = "redis 7": not a Docker image name; write e.g. postgres:18
                image as number       | "infrastructure": { "toxiproxy": { "image": 2 } } | infrastructure.toxiproxy.image = 2: must be a string
                section not an object | "infrastructure": "docker" | load_test_config.json: infrastructure = "docker": must be a JSON object
                postgres not an object | "infrastructure": { "postgres": "postgresql://db" } | load_test_config.json: infrastructure.postgres = "postgresql://db": must be a JSON object
                """)
        void fileValuesNameTheKeyPathTheValueAndWhatIsAllowed(String name, String fields, String expected) {
            assertThatThrownBy(() -> config(fields))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(expected);
        }

        @Test
        void everyProblemOfTheSectionIsReportedAtOnce() {
            assertThatThrownBy(() -> config("""
                            "infrastructure": { "docker": "maybe", "postgres": { "pool_size": -1, "url": "x" } }
                            """))
                    .isInstanceOfSatisfying(
                            ConfigException.class, e -> assertThat(e.problems()).hasSize(3));
        }
    }
}
