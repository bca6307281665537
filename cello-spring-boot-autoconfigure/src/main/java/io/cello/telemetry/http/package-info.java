/**
 * What HTTP spans and metrics record: attribute names, bounded method names and paths without their parameters.
 */
@NullMarked
package io.cello.telemetry.http;

import org.jspecify.annotations.NullMarked;
