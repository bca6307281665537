/**
 * Auto-configuration of Cello's telemetry and its {@code cello.telemetry.*} configuration properties.
 */
@NullMarked
package io.cello.telemetry.autoconfigure;

import org.jspecify.annotations.NullMarked;
