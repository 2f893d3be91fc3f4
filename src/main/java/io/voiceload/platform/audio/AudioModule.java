package io.voiceload.platform.audio;

import io.javalin.config.JavalinConfig;
import io.voiceload.platform.module.PlatformContext;
import io.voiceload.platform.module.PlatformModule;

/**
 * The platform's audio module: a call's recording ({@code PUT}, {@code GET} with byte ranges, {@code HEAD}
 * on {@code /calls/{id}/audio}, and {@code GET /calls/{id}/audio/meta}; staff) stored in Postgres, and the
 * synthetic TTS ({@code POST /tts}; any authenticated role), a tone generator standing in for a real TTS
 * engine. Limits come from {@link AudioOptions}. Described in {@code docs/api.md, "Audio"}.
 */
public final class AudioModule implements PlatformModule {

    private final RecordingRoutes recordings;
    private final TtsRoutes tts;

    /**
     * Builds the module on the platform's data source, with these options and (test only) faults; opens
     * nothing.
     */
    public AudioModule(PlatformContext context, AudioOptions options, AudioFaults faults) {
        this.recordings = new RecordingRoutes(
                new AudioStore(context.dataSource(), faults.corruptAudioEveryNth()),
                options,
                faults.bufferWholeRecordings());
        this.tts = new TtsRoutes(options, faults.bufferWholeRecordings());
    }

    @Override
    public void install(JavalinConfig config) {
        recordings.install(config.routes);
        tts.install(config.routes);
    }
}
