/**
 * The request-ID {@code WebFilter}.
 * <p>
 * Internal to Cello, not for use outside it: any release may change it.
 */
@NullMarked
package io.cello.telemetry.internal.requestid;

import org.jspecify.annotations.NullMarked;
