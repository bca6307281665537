/**
 * The export pipeline around OpenTelemetry's exporters: counting, failure causes, outage logging, OTLP endpoints and shutdown.
 */
@NullMarked
package io.cello.telemetry.export;

import org.jspecify.annotations.NullMarked;
