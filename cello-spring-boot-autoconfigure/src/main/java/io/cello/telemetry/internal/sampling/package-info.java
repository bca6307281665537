/**
 * Sampling beyond the ratio: a cap on new traces per second, and the deferred decision that
 * still exports a trace the sampler dropped when its local root ends in error or is slow.
 * <p>
 * Internal to Cello, not for use outside it: any release may change it.
 */
@NullMarked
package io.cello.telemetry.internal.sampling;

import org.jspecify.annotations.NullMarked;
