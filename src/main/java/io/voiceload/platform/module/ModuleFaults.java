package io.voiceload.platform.module;

/**
 * <b>Test only</b>: the planted bugs of one module, switches that make it misbehave on purpose so a
 * test can prove that the load suite notices. Each module that has some keeps them in a record of its
 * own package, next to its options ({@code calls.CallFaults}, {@code audio.AudioFaults},
 * {@code routing.RoutingFaults}, {@code voice.VoiceFaults}, {@code pms.PmsFaults}, {@code store.StoreFaults},
 * {@code auth.AuthFaults}),
 * with a {@code NONE} constant; a record of
 * several switches has a builder ({@code CallFaults.builder()}), one of a single switch its constructor
 * ({@code new AudioFaults(3)}).
 * The platform's options carry any number of them, at most one per type, and the platform hands each
 * module its own; so a module that gains faults adds a record, never a component to the platform's
 * options. Never set in production.
 */
public interface ModuleFaults {

    /** Whether any switch is on. */
    boolean any();
}
