package io.voiceload.faults;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Heals every fault still in place when the JVM exits (Ctrl-C, {@code System.exit}, a killed fork's SIGTERM): one
 * shutdown hook, registered when the first fault is applied and removed when the last is healed, so a JVM with no
 * fault in place carries no hook of ours.
 */
final class HealOnExit {
    private static final Set<ToxiproxyFaults.Applied> ACTIVE = new LinkedHashSet<>();
    private static Thread hook; // guarded by ACTIVE

    private HealOnExit() {}

    static void remember(ToxiproxyFaults.Applied applied) {
        synchronized (ACTIVE) {
            ACTIVE.add(applied);
            if (hook == null) {
                hook = new Thread(HealOnExit::healAll, "voiceload-faults-heal-on-exit");
                Runtime.getRuntime().addShutdownHook(hook);
            }
        }
    }

    static void forget(ToxiproxyFaults.Applied applied) {
        synchronized (ACTIVE) {
            ACTIVE.remove(applied);
            if (ACTIVE.isEmpty() && hook != null && hook != Thread.currentThread()) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The JVM is exiting: the hook runs (or ran) and heals what is left.
                }
                hook = null;
            }
        }
    }

    /** What the hook runs: heals every fault still in place. */
    static void healAll() {
        List<ToxiproxyFaults.Applied> left;
        synchronized (ACTIVE) {
            left = new ArrayList<>(ACTIVE);
        }
        for (ToxiproxyFaults.Applied applied : left) {
            try {
                applied.heal();
            } catch (RuntimeException e) {
                System.err.println("[faults] " + e.getMessage());
            }
        }
    }

    /** Whether the hook is registered now (for tests). */
    static boolean hookRegistered() {
        synchronized (ACTIVE) {
            return hook != null;
        }
    }
}
