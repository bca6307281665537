/**
 * Spring's HTTP RED metrics, {@code http.server.requests} and {@code http.client.requests},
 * recorded by Cello's filters instead of Spring's observations.
 * <p>
 * Internal to Cello, not for use outside it: any release may change it.
 */
@NullMarked
package io.cello.telemetry.internal.metrics;

import org.jspecify.annotations.NullMarked;
