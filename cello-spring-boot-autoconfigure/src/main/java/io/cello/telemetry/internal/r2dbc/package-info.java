/**
 * Database spans for R2DBC: a CLIENT span per statement, through r2dbc-proxy's execution
 * listener, with the SQL stripped of literal values.
 * <p>
 * Internal to Cello, not for use outside it: any release may change it.
 */
@NullMarked
package io.cello.telemetry.internal.r2dbc;

import org.jspecify.annotations.NullMarked;
