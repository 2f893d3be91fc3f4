package io.voiceload.faults;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Emulated packet loss on a proxy: each chunk is lost with {@link #probability} and sent again after a
 * retransmission timeout that doubles on each loss, as TCP does, so loss shows as delays and stalls, never as
 * missing bytes (our Toxiproxy server's {@code latency} toxic with {@code loss_probability}; Toxiproxy 2.12 itself
 * has no loss toxic, and an external Toxiproxy ignores the attribute, so this needs the project's server, embedded
 * or in the container image). With {@link #mode} {@link Mode#REAL} the kernel drops real IP packets instead
 * ({@link NftPacketLoss}: root and nftables; where they are missing the test is skipped with the reason).
 *
 * <p>On a load test method or class (or on an annotation of your own that composes it), scheduled on the load's
 * timeline: from {@link #at} after the measured phase starts, for {@link #lasts}. Repeatable. Validated before any
 * load starts; always healed. The fault must bite: if no byte crossed the proxy during its window the test fails
 * (see {@link FaultSchedule}).
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(PacketLoss.List.class)
public @interface PacketLoss {

    /**
     * The Toxiproxy proxy the fault applies to: {@code postgres}, {@code redis}, {@code pms},
     * {@code pms_secondary}, or any proxy created with {@code RunningInfrastructure.proxyTo}. Checked against the
     * running Toxiproxy before any load; an unknown name fails the test with the names that exist.
     */
    String proxy();

    /** Which way the fault acts: client to server, server to client, or both (the default). */
    Direction direction() default Direction.BOTH;

    /**
     * When the fault starts, as an offset from the start of the measured phase (after the warm-up): {@code "10s"},
     * {@code "1.5s"}, {@code "500ms"}. Empty (the default): at the start of the measured phase.
     */
    String at() default "";

    /**
     * How long the fault lasts: {@code "20s"}, {@code "750ms"}; healed then. Empty (the default): until the end of
     * the measured phase. (Named {@code lasts} because {@code for}, the natural word, is a Java keyword.) Whatever
     * its length, the fault is healed when the test ends, fails or is aborted, and on JVM exit.
     */
    String lasts() default "";

    /** The probability that a chunk is lost, above 0 and at most 1 (1 stalls the direction). */
    double probability();

    /**
     * The first retransmission timeout in milliseconds (TCP's minimum on Linux is 200, the default); at least 1.
     * Emulated loss only: with real loss the kernel's TCP retransmits.
     */
    long retransmitMs() default 200;

    /** Emulated by the proxy (the default, everywhere), or real packets dropped by the kernel. */
    Mode mode() default Mode.EMULATED;

    /** How packet loss is made. */
    enum Mode {
        /** The proxy holds back "lost" chunks and delivers them after a retransmission timeout: TCP as seen by the application. */
        EMULATED,
        /**
         * The kernel drops IP packets of the connections to the proxy's port on this machine ({@link NftPacketLoss}),
         * and TCP itself retransmits. Needs root (or CAP_NET_ADMIN) and nftables; elsewhere the test is skipped,
         * the reason printed.
         */
        REAL
    }

    /** The container of repeated {@code @PacketLoss}s. */
    @Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @interface List {
        PacketLoss[] value();
    }
}
