/**
 * Auto-configuration of the span exporter that sends Cello's spans: OTLP, Zipkin or logging, behind a batch processor.
 */
@NullMarked
package io.cello.telemetry.autoconfigure.export;

import org.jspecify.annotations.NullMarked;
