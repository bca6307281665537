/**
 * Spring's HTTP RED metrics, {@code http.server.requests} and {@code http.client.requests},
 * recorded by Cello's filters instead of Spring's observations.
 */
@NullMarked
package io.cello.telemetry.metrics;

import org.jspecify.annotations.NullMarked;
