/**
 * The suite: the load tests of the six categories against the platform under test.
 *
 * <p>One package per category, named after it without the hyphen ({@code concurrentcalls} for {@code
 * concurrent-calls}, {@code pmsconnector}, {@code authsystem}, {@code memory}, {@code databaseredis},
 * {@code networkfailure}), each holding:
 *
 * <ul>
 *   <li>a composed annotation carrying the category's tag from {@link io.voiceload.suite.Categories} and its
 *       wiring ({@code @ConcurrentCalls} = the tag + {@code @WithPlatform});
 *   <li>one domain API helper over the platform's API ({@code CallsApi}), held by each test class in a field
 *       JUnit closes ({@code @AutoClose}): no base class, no static clients;
 *   <li>one {@code *IT} class per scenario, whose javadoc says what it proves;
 *   <li>one {@code <Category>CatchesFaultsTest} that runs the category against platforms with planted bugs
 *       and sees every {@code *IT} fail by name (and pass against a healthy one).
 * </ul>
 *
 * <p>{@link io.voiceload.suite.support} holds only what two or more categories use. Framework features (fault
 * annotations, memory verdicts, recording hooks) never live in the suite.
 */
package io.voiceload.suite;
