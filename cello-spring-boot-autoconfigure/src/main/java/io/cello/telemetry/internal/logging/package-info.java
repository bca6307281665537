/**
 * The trace, span and request IDs in the logging MDC.
 * <p>
 * Internal to Cello, not for use outside it: any release may change it.
 */
@NullMarked
package io.cello.telemetry.internal.logging;

import org.jspecify.annotations.NullMarked;
