/**
 * Micrometer observation handlers: Cello's claim on the HTTP observations whose spans it creates, and spans for the other observations when Micrometer Tracing is absent.
 * <p>
 * Internal to Cello, not for use outside it: any release may change it.
 */
@NullMarked
package io.cello.telemetry.internal.observation;

import org.jspecify.annotations.NullMarked;
