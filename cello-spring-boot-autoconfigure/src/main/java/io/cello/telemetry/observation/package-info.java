/**
 * Micrometer observation handlers: Cello's claim on the HTTP observations whose spans it creates, and spans for the other observations when Micrometer Tracing is absent.
 */
@NullMarked
package io.cello.telemetry.observation;

import org.jspecify.annotations.NullMarked;
