/**
 * Actuator integration: telemetry health, the pipeline's and sampling's metrics, exemplars and the endpoints' WebFlux mapping.
 * <p>
 * Internal to Cello, not for use outside it: any release may change it.
 */
@NullMarked
package io.cello.telemetry.internal.actuate;

import org.jspecify.annotations.NullMarked;
