/**
 * Cello's internals, shared by its packages, such as the constants users write in {@code cello.telemetry.*}.
 * <p>
 * Internal to Cello, not for use outside it: any release may change it.
 */
@NullMarked
package io.cello.telemetry.internal;

import org.jspecify.annotations.NullMarked;
