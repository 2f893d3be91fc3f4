package io.voiceload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PmsConnectorSettingsTest {

    /** {@code json}, an object, on top of the test profiles. */
    private static LoadTestConfig config(String json) {
        String body = json.strip();
        return TestConfigs.config(body.substring(1, body.length() - 1));
    }

    @Test
    void theShippedFileGivesEverySetting() {
        PmsConnectorSettings s = PmsConnectorSettings.from(LoadTestConfig.builtIn());
        assertThat(s.lookupMix()).containsOnlyKeys(PmsConnectorSettings.LOOKUP_KINDS);
        assertThat(s.hotelMix()).containsOnlyKeys(PmsConnectorSettings.HOTELS);
        assertThat(s.bulkReservations()).isEqualTo(10_000);
        assertThat(s.bulkReservations(10)).isEqualTo(100_000);
        assertThat(s.zipfExponent()).isEqualTo(1.1);
        assertThat(s.cacheHitRatio()).isEqualTo(0.8);
    }

    @Test
    void aFileSetsSomeAndTheBuiltInDefaultsGiveTheRest() {
        PmsConnectorSettings s = PmsConnectorSettings.from(config("""
                { "categories": { "pms-connector": { "settings": {
                    "lookup_mix": { "confirmation": 1 }, "cache_hit_ratio": 0.5 } } } }
                """));
        assertThat(s.lookupMix()).isEqualTo(Map.of("confirmation", 1.0, "last_name", 0.0, "guest_id", 0.0));
        assertThat(s.cacheHitRatio()).isEqualTo(0.5);
        assertThat(s.bulkReservations()).isEqualTo(10_000);
        assertThat(s.origins().get("cache_hit_ratio")).isEqualTo("load_test_config.json");
        assertThat(s.origins().get("zipf_exponent")).startsWith(LoadTestConfig.BUILT_IN);
    }

    @Test
    void everyBadValueIsNamedAtOnce() {
        assertThatThrownBy(() -> PmsConnectorSettings.from(config("""
                        { "categories": { "pms-connector": { "settings": {
                            "lookup_mix": { "confirmaton": 5 }, "hotel_mix": { "grand-zurich": -1 },
                            "bulk_reservations": 10, "zipf_exponent": 0, "cache_hit_ratio": 1 } } } }
                        """)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("categories.pms-connector.settings.lookup_mix.confirmaton: unknown name; did you"
                        + " mean \"confirmation\"?")
                .hasMessageContaining("categories.pms-connector.settings.hotel_mix.grand-zurich")
                .hasMessageContaining("categories.pms-connector.settings.bulk_reservations = 10: must be a whole number"
                        + " from 1000 to 1000000")
                .hasMessageContaining("categories.pms-connector.settings.zipf_exponent = 0: must be a number above 0")
                .hasMessageContaining("categories.pms-connector.settings.cache_hit_ratio = 1: must be a fraction above"
                        + " 0 and below 1");
    }

    @Test
    void anUnknownSettingFailsWhenTheFileIsRead() {
        assertThatThrownBy(() -> config("""
                        { "categories": { "pms-connector": { "settings": { "zipf_exponnt": 1.2 } } } }
                        """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("zipf_exponnt")
                .hasMessageContaining("zipf_exponent");
    }

    @Test
    void aRunWithBadSettingsFailsBeforeAnythingStarts() {
        assertThatThrownBy(() -> RunConfiguration.check(
                        () -> config(
                                "{ \"categories\": { \"pms-connector\": { \"settings\": { \"cache_hit_ratio\": 0 } } } }"),
                        () -> Overrides.of(Map.of(), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cache_hit_ratio = 0");
    }

    @Test
    void theProfileScaleMultipliesTheDataset() {
        LoadTestConfig shipped = LoadTestConfig.builtIn();
        assertThat(PmsConnectorSettings.profileScale(
                        shipped, Overrides.of(Map.of("loadtest.profile", "heavy"), Map.of())))
                .isEqualTo(10.0);
        assertThat(PmsConnectorSettings.profileScale(shipped, Overrides.of(Map.of(), Map.of())))
                .isEqualTo(1.0);
        assertThatThrownBy(() -> PmsConnectorSettings.from(shipped).bulkReservations(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
