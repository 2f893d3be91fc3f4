package io.voiceload.faults;

/**
 * A running service's switch for {@link ServiceDown @ServiceDown(mode = ERRORS)}: registered by name in
 * {@link ServiceControls} by whoever starts the service (the reference platform's PMS simulators register under
 * their proxies' names). Implementations are thread-safe: the fault schedule calls them from a thread of its own
 * while the load runs.
 */
public interface ServiceControl {

    /**
     * Takes the service down in {@code mode}: from now on every request it receives is answered with an error (for
     * {@link ServiceDown.Mode#ERRORS}; an HTTP service answers {@code 503} with {@code Retry-After}).
     *
     * @throws UnsupportedOperationException for a mode this service cannot play (the faults use only ERRORS;
     *     REFUSED and HUNG are made on the service's Toxiproxy proxy)
     */
    void down(ServiceDown.Mode mode);

    /** Brings it back: requests are served normally again. Idempotent. */
    void up();

    /**
     * Requests the service received since it started, whether served or refused: read at a fault's start and end,
     * the proof that traffic reached it while it was down.
     */
    long requestsReceived();
}
