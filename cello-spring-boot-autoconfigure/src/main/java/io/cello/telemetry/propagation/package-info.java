/**
 * Trace context propagation: W3C Trace Context and the other configured formats, read from and written to HTTP headers.
 */
@NullMarked
package io.cello.telemetry.propagation;

import org.jspecify.annotations.NullMarked;
