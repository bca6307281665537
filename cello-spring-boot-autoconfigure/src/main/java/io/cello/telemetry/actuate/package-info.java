/**
 * Actuator integration: telemetry health, the pipeline's and sampling's metrics, exemplars and the endpoints' WebFlux mapping.
 */
@NullMarked
package io.cello.telemetry.actuate;

import org.jspecify.annotations.NullMarked;
