package io.voiceload.platform.junit;

import io.voiceload.platform.Main;

/**
 * The main class of a {@link ChildPlatform}: runs {@link Main} with its arguments, and exits as soon as the JVM
 * that started it is gone, however it ended (a {@code kill -9}, a crash, {@code Runtime.halt}: cases where that
 * JVM's shutdown hook never runs). The exit stops the platform as SIGTERM does (its own shutdown hook closes it).
 * Loads nothing of the framework.
 */
public final class ChildPlatformLauncher {

    private ChildPlatformLauncher() {}

    public static void main(String[] args) throws InterruptedException {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.err.println(
                    "voiceload child platform: the JVM that started it (pid " + parent.pid() + ") is gone; stopping");
            System.exit(0);
        }));
        Main.main(args);
    }
}
