/**
 * Making an OpenTelemetry context current for a stretch of work ({@code ContextScope}), and carrying it, with the request ID, to the threads a request's work runs on.
 * <p>
 * Internal to Cello, not for use outside it: any release may change it.
 */
@NullMarked
package io.cello.telemetry.internal.context;

import org.jspecify.annotations.NullMarked;
