package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voiceload.platform.audio.AudioFaults;
import io.voiceload.platform.audio.AudioOptions;
import io.voiceload.platform.auth.AuthOptions;
import io.voiceload.platform.calls.CallFaults;
import io.voiceload.platform.module.ModuleFaults;
import io.voiceload.platform.pms.PmsOptions;
import io.voiceload.platform.routing.RoutingFaults;
import io.voiceload.platform.store.StoreFaults;
import io.voiceload.platform.voice.VoiceFaults;
import io.voiceload.platform.voice.VoiceOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The platform's options and the modules' faults: builders start from the defaults, {@code toBuilder()}
 * changes only what it is told, each setter refuses an impossible value naming the setting, and each
 * module's faults are found by their type.
 */
class PlatformOptionsTest {

    @Test
    void buildersStartFromTheDefaultsAndToBuilderKeepsEverything() {
        assertThat(PlatformOptions.builder().build()).isEqualTo(PlatformOptions.defaults());
        assertThat(AuthOptions.builder().build()).isEqualTo(AuthOptions.defaults());
        assertThat(AudioOptions.builder().build()).isEqualTo(AudioOptions.defaults());
        assertThat(VoiceOptions.builder().build()).isEqualTo(VoiceOptions.defaults());
        assertThat(PmsOptions.builder().build()).isEqualTo(PmsOptions.defaults());
        assertThat(CallFaults.builder().build()).isEqualTo(CallFaults.NONE);

        PlatformOptions custom = PlatformOptions.builder()
                .port(8080)
                .auth(AuthOptions.builder().bcryptCost(4).build())
                .audio(AudioOptions.builder().maxUploadBytes(1024).build())
                .voice(VoiceOptions.builder().maxStreams(3).build())
                .pms(PmsOptions.builder()
                        .primary(URI.create("http://127.0.0.1:9090"))
                        .cacheTtl(Duration.ofSeconds(5))
                        .build())
                .faults(CallFaults.builder().loseEveryNthCall(3).build())
                .build();
        assertThat(custom.toBuilder().build()).isEqualTo(custom);
        assertThat(custom.pms().toBuilder().build()).isEqualTo(custom.pms());

        PlatformOptions otherPort = custom.toBuilder().port(9090).build();
        assertThat(otherPort).usingRecursiveComparison().ignoringFields("port").isEqualTo(custom);
        assertThat(otherPort.port()).isEqualTo(9090);
    }

    @Test
    void eachModulesFaultsAreFoundByTheirType() {
        CallFaults losing = CallFaults.builder().loseEveryNthCall(3).build();
        AudioFaults corrupting = new AudioFaults(2);

        PlatformOptions options =
                PlatformOptions.builder().faults(losing).faults(corrupting).build();

        assertThat(PlatformOptions.defaults().faults()).isEmpty();
        assertThat(options.faults(CallFaults.class)).contains(losing);
        assertThat(options.faults(AudioFaults.class)).contains(corrupting);
        assertThat(options.faults(VoiceFaults.class)).isEmpty();
        assertThat(options.faults(RoutingFaults.class)).isEmpty();
    }

    @Test
    void settingAModulesFaultsAgainReplacesThemAndLeavesTheOthers() {
        PlatformOptions options = PlatformOptions.builder()
                .faults(CallFaults.builder().loseEveryNthCall(3).build())
                .faults(new VoiceFaults(10))
                .build();

        PlatformOptions swapped = options.toBuilder()
                .faults(options.faults(CallFaults.class).orElseThrow().toBuilder()
                        .swapEventOrder(true)
                        .build())
                .build();

        assertThat(swapped.faults(CallFaults.class)).contains(new CallFaults(3, true));
        assertThat(swapped.faults(VoiceFaults.class)).contains(new VoiceFaults(10));
        assertThat(swapped.faults()).hasSize(2);
    }

    @Test
    void oneModulesFaultsAreGivenOnce() {
        List<ModuleFaults> twice = List.of(new CallFaults(3, false), new CallFaults(0, true));

        assertThatThrownBy(() -> new PlatformOptions(
                        0,
                        AuthOptions.defaults(),
                        AudioOptions.defaults(),
                        VoiceOptions.defaults(),
                        PmsOptions.defaults(),
                        twice))
                .hasMessage("faults: CallFaults is given twice; give each module's faults once, every switch in"
                        + " one record");
    }

    @Test
    void faultsAreOffUnlessASwitchIsOn() {
        List<ModuleFaults> none = List.of(CallFaults.NONE, AudioFaults.NONE, RoutingFaults.NONE, VoiceFaults.NONE);
        assertThat(none).noneMatch(ModuleFaults::any);

        assertThat(CallFaults.builder().loseEveryNthCall(1).build().any()).isTrue();
        assertThat(CallFaults.builder().swapEventOrder(true).build().any()).isTrue();
        assertThat(new AudioFaults(5).any()).isTrue();
        assertThat(new RoutingFaults(true).any()).isTrue();
        assertThat(new VoiceFaults(7).any()).isTrue();
        assertThat(List.of(StoreFaults.NONE, new AudioFaults(0), new VoiceFaults(0)))
                .noneMatch(ModuleFaults::any);
        assertThat(CallFaults.builder().transcriptLeak(true).build().any()).isTrue();
        assertThat(new AudioFaults(0, true).any()).isTrue();
        assertThat(new VoiceFaults(0, true).any()).isTrue();
        assertThat(new StoreFaults(false, 50).any()).isTrue();
        assertThatThrownBy(() -> new StoreFaults(false, -1))
                .hasMessage("connectionLeakEvery must be 0 (off) or at least 1, not -1");
    }

    @Test
    void impossibleFaultsAreRefusedNamingTheSwitch() {
        assertThatThrownBy(() -> CallFaults.builder().loseEveryNthCall(-1))
                .hasMessage("loseEveryNthCall must be 0 (off) or at least 1, not -1");
        assertThatThrownBy(() -> new AudioFaults(-2))
                .hasMessage("corruptAudioEveryNth must be 0 (off) or at least 1, not -2");
        assertThatThrownBy(() -> new VoiceFaults(-3))
                .hasMessage("dropVoiceEchoEveryNth must be 0 (off) or at least 1, not -3");
        assertThatThrownBy(() -> new CallFaults(-4, false))
                .hasMessage("loseEveryNthCall must be 0 (off) or at least 1, not -4");
    }

    @Test
    void impossibleOptionsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> PlatformOptions.builder().port(65_536))
                .hasMessage("port must be 0 (random) or 1-65535, not 65536");
        assertThatThrownBy(() -> PlatformOptions.builder().auth(null)).hasMessage("auth");
        assertThatThrownBy(() -> AudioOptions.builder().maxUploadBytes(0))
                .hasMessage("maxUploadBytes must be between 1 and 1073741824, not 0");
        assertThatThrownBy(() -> AudioOptions.builder().maxTtsCharacters(10_001))
                .hasMessage("maxTtsCharacters must be between 1 and 10000, not 10001");
        assertThatThrownBy(() -> VoiceOptions.builder().maxStreamDuration(Duration.ofMillis(500)))
                .hasMessage("voice.maxStreamDuration must be between PT1S and PT24H, not PT0.5S");
        assertThatThrownBy(() -> VoiceOptions.builder().clientIdleTimeout(Duration.ofHours(2)))
                .hasMessageContaining("voice.clientIdleTimeout");
        assertThatThrownBy(() -> VoiceOptions.builder().maxMessageBytes(100))
                .hasMessage("voice.maxMessageBytes must be between 1024 and 1048576, not 100");
        assertThatThrownBy(() -> VoiceOptions.builder().partialEveryFrames(0))
                .hasMessageContaining("voice.partialEveryFrames");
        assertThatThrownBy(() -> VoiceOptions.builder().maxStreams(100_001)).hasMessageContaining("voice.maxStreams");
        assertThatThrownBy(() -> new VoiceOptions(Duration.ofMinutes(1), Duration.ofSeconds(1), 8192, 25, 0))
                .as("the record checks what the builder checks")
                .hasMessage("voice.maxStreams must be between 1 and 100000, not 0");
    }
}
