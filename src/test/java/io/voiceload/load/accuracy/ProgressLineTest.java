package io.voiceload.load.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.RunOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Live progress: a start line with the seed, one line per progress interval, and the summary. */
class ProgressLineTest {
    private static final Pattern PROGRESS = Pattern.compile(
            "\\[load] progress-check \\d\\d:\\d\\d/00:02 +\\d+% \\| users (\\d+) \\| ([\\d.]+)/s \\| p50 \\S+ p95 \\S+"
                    + " \\| errors (\\d+) \\([\\d.]+%\\) \\| dropped 0");

    @Test
    void progressLinesReportUsersRateLatencyAndErrors() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int users = 3;

        LoadResult result = LoadRunner.run(
                LoadPlan.closed(users)
                        .name("progress-check")
                        .duration(Duration.ofMillis(2600))
                        .progressInterval(Duration.ofSeconds(1))
                        .seed(99L)
                        .build(),
                user -> {
                    Thread.sleep(20);
                    if (user.iteration() % 10 == 9) {
                        throw new IllegalStateException("every tenth");
                    }
                },
                RunOptions.defaults().withProgressOut(out));

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.getFirst())
                .startsWith("[load] progress-check: closed model: 3 users")
                .contains("seed 99");
        List<Matcher> progress =
                lines.stream().map(PROGRESS::matcher).filter(Matcher::matches).toList();
        assertThat(progress).as("progress lines in %s", lines).hasSizeGreaterThanOrEqualTo(2);
        for (Matcher line : progress) {
            assertThat(line.group(0)).contains("users", "/s", "p95", "errors");
            assertThat(Integer.parseInt(line.group(1))).isEqualTo(users);
            // 3 users, about 20 ms per iteration: about 150 iterations per second, a tenth of them failing.
            assertThat(Double.parseDouble(line.group(2))).isBetween(60.0, 160.0);
            assertThat(Long.parseLong(line.group(3))).isPositive();
        }
        assertThat(lines.getLast()).isEqualTo(result.summaryLine()).contains("seed 99");
    }
}
