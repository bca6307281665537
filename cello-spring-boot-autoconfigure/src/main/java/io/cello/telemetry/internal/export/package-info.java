/**
 * The export pipeline around OpenTelemetry's exporters: counting, failure causes, outage logging, OTLP endpoints and shutdown.
 * <p>
 * Internal to Cello, not for use outside it: any release may change it.
 */
@NullMarked
package io.cello.telemetry.internal.export;

import org.jspecify.annotations.NullMarked;
