/**
 * The client side of a request: the {@code WebClient} filter and the span it owns for each exchange ({@code ClientExchangeSpan}), with its attributes.
 * <p>
 * Internal to Cello, not for use outside it: any release may change it.
 */
@NullMarked
package io.cello.telemetry.internal.client;

import org.jspecify.annotations.NullMarked;
