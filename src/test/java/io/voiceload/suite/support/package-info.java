/**
 * What two or more categories of the suite use: clients to the platform by who sends the requests
 * ({@link io.voiceload.suite.support.PlatformClients}), hotel ids of one test's own
 * ({@link io.voiceload.suite.support.HotelIds}), reading back what a run stored
 * ({@link io.voiceload.suite.support.ReadBack}) and comparing it with what was acknowledged
 * ({@link io.voiceload.suite.support.StoredVsAcknowledged}), and the 5xx answers of a run
 * ({@link io.voiceload.suite.support.ServerErrors}).
 *
 * <p>What one category alone uses (the body of a new call, the routing rules' check) stays in its package; it
 * moves here when a second category needs it.
 */
package io.voiceload.suite.support;
