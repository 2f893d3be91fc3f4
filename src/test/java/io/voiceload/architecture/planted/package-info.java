/**
 * Classes that break each rule of {@link io.voiceload.architecture.Architecture} on purpose, laid out as the
 * project's packages are, so that {@link io.voiceload.architecture.ArchitectureRulesBiteTest} sees every rule
 * fail. Never used by anything else.
 */
package io.voiceload.architecture.planted;
