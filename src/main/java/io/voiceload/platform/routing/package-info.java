/**
 * Call routing and transfer: rules per hotel in Postgres ({@link io.voiceload.platform.routing.Router}),
 * the {@code /routing/decide}, {@code /calls/{id}/route} and {@code /calls/{id}/transfer} endpoints
 * ({@link io.voiceload.platform.routing.RoutingRoutes}). Described in {@code docs/api.md}.
 */
package io.voiceload.platform.routing;
