/**
 * Sampling beyond the ratio: a cap on new traces per second, and the deferred decision that
 * still exports a trace the sampler dropped when its local root ends in error or is slow.
 */
@NullMarked
package io.cello.telemetry.sampling;

import org.jspecify.annotations.NullMarked;
