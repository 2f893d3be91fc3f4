package io.voiceload.platform;

import io.voiceload.platform.audio.AudioFaults;
import io.voiceload.platform.auth.AuthFaults;
import io.voiceload.platform.calls.CallFaults;
import io.voiceload.platform.module.ModuleFaults;
import io.voiceload.platform.pms.PmsFaults;
import io.voiceload.platform.routing.RoutingFaults;
import io.voiceload.platform.store.StoreFaults;
import io.voiceload.platform.voice.VoiceFaults;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * <b>Test only</b>: the planted bugs of every module named in one line, as {@code Main --planted} takes them, so
 * that a platform in a JVM of its own carries the same {@link ModuleFaults} an embedded one is given in code.
 * Comma-separated {@code module.switch} (a switch turned on) or {@code module.switch=n} (every n-th):
 *
 * <pre>
 * calls.transcriptLeak,store.connectionLeakEvery=50,audio.bufferWholeRecordings
 * </pre>
 *
 * The names ({@link #NAMES}) are the components of {@code CallFaults}, {@code AudioFaults}, {@code VoiceFaults},
 * {@code StoreFaults}, {@code RoutingFaults}, {@code PmsFaults} and {@code AuthFaults}, prefixed with the module.
 */
public final class PlantedBugs {

    /** Every planted bug by name, and whether it takes a number ({@code =n}) rather than being on or off. */
    public static final Map<String, Boolean> NAMES = names();

    private PlantedBugs() {}

    private static Map<String, Boolean> names() {
        Map<String, Boolean> names = new LinkedHashMap<>();
        names.put("calls.loseEveryNthCall", true);
        names.put("calls.swapEventOrder", false);
        names.put("calls.answerBeforeCommit", false);
        names.put("calls.failOnCacheError", false);
        names.put("calls.transcriptLeak", false);
        names.put("audio.corruptAudioEveryNth", true);
        names.put("audio.bufferWholeRecordings", false);
        names.put("voice.dropVoiceEchoEveryNth", true);
        names.put("voice.listenerLeak", false);
        names.put("store.keepBrokenConnections", false);
        names.put("store.connectionLeakEvery", true);
        names.put("routing.misrouteTransfers", false);
        names.put("pms.noTimeout", false);
        names.put("pms.breakerNeverOpens", false);
        names.put("pms.noFailover", false);
        names.put("pms.cacheNotInvalidated", false);
        names.put("pms.syncDuplicatesPage", false);
        names.put("auth.noSessionCheck", false);
        names.put("auth.refreshReuseKeepsSession", false);
        names.put("auth.slowDeny", false);
        return Collections.unmodifiableMap(names); // in this order, the refusals' order
    }

    /**
     * The faults {@code spec} names, one record per module that has any.
     *
     * @throws IllegalArgumentException naming the part that is wrong and the allowed names
     */
    public static List<ModuleFaults> parse(String spec) {
        Map<String, Integer> given = new LinkedHashMap<>();
        for (String part : spec.split(",", -1)) {
            String item = part.trim();
            int equals = item.indexOf('=');
            String name = equals < 0 ? item : item.substring(0, equals).trim();
            if (!NAMES.containsKey(name)) {
                throw new IllegalArgumentException(
                        "--planted: unknown planted bug '" + item + "'; the planted bugs are " + allowed());
            }
            int value;
            if (NAMES.get(name)) {
                value = everyNth(
                        name, equals < 0 ? null : item.substring(equals + 1).trim());
            } else if (equals < 0) {
                value = 1;
            } else {
                throw new IllegalArgumentException(
                        "--planted: " + name + " is switched on by its name alone, without '=': " + item);
            }
            if (given.put(name, value) != null) {
                throw new IllegalArgumentException("--planted: " + name + " is given twice");
            }
        }
        List<ModuleFaults> faults = new ArrayList<>();
        if (any(given, "calls.")) {
            faults.add(CallFaults.builder()
                    .loseEveryNthCall(given.getOrDefault("calls.loseEveryNthCall", 0))
                    .swapEventOrder(given.containsKey("calls.swapEventOrder"))
                    .answerBeforeCommit(given.containsKey("calls.answerBeforeCommit"))
                    .failOnCacheError(given.containsKey("calls.failOnCacheError"))
                    .transcriptLeak(given.containsKey("calls.transcriptLeak"))
                    .build());
        }
        if (any(given, "audio.")) {
            faults.add(new AudioFaults(
                    given.getOrDefault("audio.corruptAudioEveryNth", 0),
                    given.containsKey("audio.bufferWholeRecordings")));
        }
        if (any(given, "voice.")) {
            faults.add(new VoiceFaults(
                    given.getOrDefault("voice.dropVoiceEchoEveryNth", 0), given.containsKey("voice.listenerLeak")));
        }
        if (any(given, "store.")) {
            faults.add(new StoreFaults(
                    given.containsKey("store.keepBrokenConnections"),
                    given.getOrDefault("store.connectionLeakEvery", 0)));
        }
        if (any(given, "routing.")) {
            faults.add(new RoutingFaults(true));
        }
        if (any(given, "pms.")) {
            faults.add(new PmsFaults(
                    given.containsKey("pms.noTimeout"),
                    given.containsKey("pms.breakerNeverOpens"),
                    given.containsKey("pms.noFailover"),
                    given.containsKey("pms.cacheNotInvalidated"),
                    given.containsKey("pms.syncDuplicatesPage")));
        }
        if (any(given, "auth.")) {
            faults.add(new AuthFaults(
                    given.containsKey("auth.noSessionCheck"),
                    given.containsKey("auth.refreshReuseKeepsSession"),
                    given.containsKey("auth.slowDeny")));
        }
        return faults;
    }

    /** The allowed names, as a refusal lists them: {@code calls.loseEveryNthCall=<n>, calls.swapEventOrder, …}. */
    public static String allowed() {
        List<String> shown = new ArrayList<>();
        NAMES.forEach((name, number) -> shown.add(number ? name + "=<n>" : name));
        return String.join(", ", shown);
    }

    private static boolean any(Map<String, Integer> given, String module) {
        return given.keySet().stream().anyMatch(name -> name.startsWith(module));
    }

    private static int everyNth(String name, String text) {
        if (text != null) {
            try {
                int n = Integer.parseInt(text);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("--planted: " + name + " takes a whole number n >= 1 (every n-th), as "
                + name + "=10" + (text == null ? "" : ", not " + text));
    }
}
