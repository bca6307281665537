/**
 * Trace context propagation: W3C Trace Context and the other configured formats, read from and written to HTTP headers.
 * <p>
 * Internal to Cello, not for use outside it: any release may change it.
 */
@NullMarked
package io.cello.telemetry.internal.propagation;

import org.jspecify.annotations.NullMarked;
