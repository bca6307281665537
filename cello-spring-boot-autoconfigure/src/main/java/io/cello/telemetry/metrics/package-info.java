/**
 * Spring's HTTP RED metrics, {@code http.server.requests} and {@code http.client.requests},
 * recorded by Cello's filters instead of Spring's observations.
 */
package io.cello.telemetry.metrics;
