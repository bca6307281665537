/**
 * Cello's telemetry for Spring WebFlux: what its sub-packages share, such as the constants users write in {@code cello.telemetry.*}.
 */
@NullMarked
package io.cello.telemetry;

import org.jspecify.annotations.NullMarked;
