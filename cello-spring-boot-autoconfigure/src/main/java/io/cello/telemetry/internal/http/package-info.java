/**
 * What HTTP spans and metrics record: attribute names, bounded method names and paths without their parameters.
 * <p>
 * Internal to Cello, not for use outside it: any release may change it.
 */
@NullMarked
package io.cello.telemetry.internal.http;

import org.jspecify.annotations.NullMarked;
