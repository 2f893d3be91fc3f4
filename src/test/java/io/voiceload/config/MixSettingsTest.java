package io.voiceload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading operation mixes and user types from a category's settings, and every error it raises. */
class MixSettingsTest {
    private static final List<String> OPS = List.of("post_event", "create_call", "lookup", "audio", "transfer");
    private static final List<String> TYPES = List.of("guest", "front_desk", "manager");

    @Test
    void weightsAreReadAndOperationsLeftOutGetZero() {
        LoadTestConfig config = settings("\"operation_mix\": {\"post_event\": 40, \"create_call\": 25.5}");
        assertThat(MixSettings.weights(config, "concurrent-calls", "operation_mix", OPS))
                .containsExactly(
                        Map.entry("post_event", 40.0),
                        Map.entry("create_call", 25.5),
                        Map.entry("lookup", 0.0),
                        Map.entry("audio", 0.0),
                        Map.entry("transfer", 0.0));
    }

    @Test
    void anUnknownOperationIsNamedWithItsFullKeyAndTheAllowedNames() {
        LoadTestConfig config = settings("\"operation_mix\": {\"post_event\": 40, \"foo\": 1, \"lokup\": 2}");
        assertThatThrownBy(() -> MixSettings.weights(config, "concurrent-calls", "operation_mix", OPS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("2 configuration problems")
                .hasMessageContaining("load_test_config.json: categories.concurrent-calls.settings.operation_mix.foo:"
                        + " unknown name; allowed: audio, create_call, lookup, post_event, transfer")
                .hasMessageContaining("load_test_config.json: categories.concurrent-calls.settings.operation_mix.lokup:"
                        + " unknown name; did you mean \"lookup\"? allowed: audio, create_call, lookup, post_event,"
                        + " transfer");
    }

    @Test
    void negativeAndNonNumericWeightsAreRefused() {
        LoadTestConfig config = settings("\"operation_mix\": {\"post_event\": -1, \"lookup\": \"forty\"}");
        assertThatThrownBy(() -> MixSettings.weights(config, "concurrent-calls", "operation_mix", OPS))
                .hasMessageContaining("categories.concurrent-calls.settings.operation_mix.post_event = -1: must be"
                        + " a number >= 0 (a relative weight)")
                .hasMessageContaining("categories.concurrent-calls.settings.operation_mix.lookup = \"forty\": must"
                        + " be a number >= 0 (a relative weight)");
    }

    @Test
    void allZeroWeightsAreRefused() {
        LoadTestConfig config = settings("\"operation_mix\": {\"post_event\": 0, \"lookup\": 0}");
        assertThatThrownBy(() -> MixSettings.weights(config, "concurrent-calls", "operation_mix", OPS))
                .hasMessage("load_test_config.json: categories.concurrent-calls.settings.operation_mix: every weight"
                        + " is 0; give at least one of audio, create_call, lookup, post_event, transfer a weight > 0");
    }

    @Test
    void aMissingOrMalformedSettingIsNamed() {
        LoadTestConfig config = settings("\"operation_mix\": [1, 2]");
        assertThatThrownBy(() -> MixSettings.weights(config, "concurrent-calls", "operation_mix", OPS))
                .hasMessage("load_test_config.json: categories.concurrent-calls.settings.operation_mix = [1,2]: must"
                        + " be an object of weights for audio, create_call, lookup, post_event, transfer");
    }

    @Test
    void onlyDeclaredSettingsCanBeRead() {
        // A test reading a key CategorySchema does not declare would read what no file may set.
        assertThatThrownBy(() -> MixSettings.weights(TestConfigs.config(""), "concurrent-calls", "operation_mx", OPS))
                .isInstanceOf(ConfigException.class)
                .hasMessage("load_test_config.json: categories.concurrent-calls.settings.operation_mx: not a declared"
                        + " setting of category concurrent-calls; did you mean \"operation_mix\"? declared:"
                        + " operation_mix, user_types (declare a new setting in io.voiceload.config.CategorySchema)");
        assertThatThrownBy(() -> MixSettings.userTypes(TestConfigs.config(""), "auth-system", "user_types", TYPES))
                .hasMessageContaining("not a declared setting of category auth-system; declared: none");
        assertThatThrownBy(() -> MixSettings.weights(TestConfigs.config(""), "concurent-calls", "operation_mix", OPS))
                .hasMessageContaining("unknown category \"concurent-calls\"; did you mean \"concurrent-calls\"?");
    }

    @Test
    void aFileWithoutTheSettingGetsTheBuiltInOne() {
        LoadTestConfig mine = TestConfigs.config("");
        assertThat(MixSettings.weights(mine, "concurrent-calls", "operation_mix", OPS))
                .isEqualTo(MixSettings.weights(LoadTestConfig.builtIn(), "concurrent-calls", "operation_mix", OPS));
        assertThat(MixSettings.origin(mine, "concurrent-calls", "operation_mix"))
                .isEqualTo("built-in defaults (load_test_config.json has no"
                        + " categories.concurrent-calls.settings.operation_mix)");
        assertThat(MixSettings.origin(
                        settings("\"operation_mix\": {\"lookup\": 1}"), "concurrent-calls", "operation_mix"))
                .isEqualTo("load_test_config.json");
        assertThat(MixSettings.userTypes(mine, "concurrent-calls", "user_types", TYPES)
                        .get("guest")
                        .weight())
                .isEqualTo(70);
    }

    @Test
    void userTypesAreReadWithTheirThinkTimes() {
        LoadTestConfig config = settings("\"user_types\": {"
                + "\"guest\": {\"weight\": 70, \"think_time\": \"1s..3s\"},"
                + "\"front_desk\": {\"weight\": 20, \"think_time\": \"200ms..1s\"},"
                + "\"manager\": {\"weight\": 10}}");
        Map<String, MixSettings.UserTypeSpec> types =
                MixSettings.userTypes(config, "concurrent-calls", "user_types", TYPES);
        assertThat(types.get("guest"))
                .isEqualTo(new MixSettings.UserTypeSpec(
                        70, ThinkTime.uniform(Duration.ofSeconds(1), Duration.ofSeconds(3))));
        assertThat(types.get("front_desk").thinkTime().toString()).isEqualTo("200ms..1s");
        assertThat(types.get("manager")).isEqualTo(new MixSettings.UserTypeSpec(10, ThinkTime.NONE));
    }

    @Test
    void everyUserTypeProblemIsNamed() {
        LoadTestConfig config = settings("\"user_types\": {"
                + "\"guest\": {\"weight\": -70, \"think_time\": \"1s..3\"},"
                + "\"front_desk\": {\"think_time\": \"1s\"},"
                + "\"manager\": {\"weight\": 10, \"pause\": \"1s\"},"
                + "\"owner\": {\"weight\": 1}}");
        assertThatThrownBy(() -> MixSettings.userTypes(config, "concurrent-calls", "user_types", TYPES))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("5 configuration problems")
                .hasMessageContaining(
                        "categories.concurrent-calls.settings.user_types.guest.weight = -70: must be a number >= 0")
                .hasMessageContaining("categories.concurrent-calls.settings.user_types.guest.think_time = \"1s..3\":"
                        + " not a think time")
                .hasMessageContaining("categories.concurrent-calls.settings.user_types.front_desk.weight: missing")
                .hasMessageContaining("categories.concurrent-calls.settings.user_types.manager.pause: unknown"
                        + " attribute of a user type; allowed: weight, think_time")
                .hasMessageContaining("categories.concurrent-calls.settings.user_types.owner: unknown name; allowed:"
                        + " front_desk, guest, manager");
        assertThatThrownBy(() -> MixSettings.userTypes(
                        settings("\"user_types\": {\"guest\": 5}"), "concurrent-calls", "user_types", TYPES))
                .hasMessage("load_test_config.json: categories.concurrent-calls.settings.user_types.guest = 5: must be"
                        + " an object such as {\"weight\": 70, \"think_time\": \"1s..3s\"}");
    }

    @Test
    void allZeroUserTypesAreRefused() {
        LoadTestConfig config = settings("\"user_types\": {\"guest\": {\"weight\": 0}}");
        assertThatThrownBy(() -> MixSettings.userTypes(config, "concurrent-calls", "user_types", TYPES))
                .hasMessageEndingWith("user_types: every weight is 0; give at least one of front_desk, guest, manager"
                        + " a weight > 0");
    }

    @Test
    void aUsersOwnConfigFileIsReadThroughLoadtestConfig(@TempDir Path dir) throws Exception {
        Path mine = dir.resolve("my-config.json");
        Files.writeString(
                mine,
                TestConfigs.json(
                        "\"categories\": {\"concurrent-calls\": {\"settings\": {\"operation_mix\": {\"lookup\": 1}}}}"));
        LoadTestConfig config =
                LoadTestConfig.locate(Overrides.of(Map.of("loadtest.config", mine.toString()), Map.of()), dir);
        assertThat(MixSettings.weights(config, "concurrent-calls", "operation_mix", OPS))
                .containsEntry("lookup", 1.0)
                .containsEntry("post_event", 0.0);
        assertThatThrownBy(() -> MixSettings.weights(config, "concurrent-calls", "operation_mix", List.of("x")))
                .hasMessageStartingWith(
                        "my-config.json: categories.concurrent-calls.settings.operation_mix.lookup:" + " unknown name");
    }

    @Test
    void theShippedConfigurationHasTheIssuesMixAndUserTypes() {
        LoadTestConfig config = LoadTestConfig.builtIn();
        assertThat(MixSettings.weights(config, "concurrent-calls", "operation_mix", OPS))
                .containsExactly(
                        Map.entry("post_event", 40.0),
                        Map.entry("create_call", 25.0),
                        Map.entry("lookup", 15.0),
                        Map.entry("audio", 10.0),
                        Map.entry("transfer", 10.0));
        Map<String, MixSettings.UserTypeSpec> types =
                MixSettings.userTypes(config, "concurrent-calls", "user_types", TYPES);
        assertThat(types.values().stream().map(MixSettings.UserTypeSpec::weight))
                .containsExactly(70.0, 20.0, 10.0);
    }

    private static LoadTestConfig settings(String members) {
        return TestConfigs.config("\"categories\": {\"concurrent-calls\": {\"settings\": {" + members + "}}}");
    }
}
