/**
 * The seam between the platform and its modules: {@link io.voiceload.platform.module.PlatformModule}
 * (what a module does), {@link io.voiceload.platform.module.PlatformContext} (what modules share),
 * {@link io.voiceload.platform.module.ModuleFaults} (a module's test-only planted bugs) and
 * {@link io.voiceload.platform.module.OptionChecks} (the checks of the modules' options). The modules
 * ({@code auth}, {@code audio}, {@code voice}, {@code pms}...) use this package; the platform's root
 * ({@code HotelVoicePlatform}, {@code PlatformOptions}) assembles them; this package imports neither.
 */
package io.voiceload.platform.module;
