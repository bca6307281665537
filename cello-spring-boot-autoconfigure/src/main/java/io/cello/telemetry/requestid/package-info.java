/**
 * Request IDs: a valid incoming one is kept, any other replaced, and the ID echoed on the response.
 */
@NullMarked
package io.cello.telemetry.requestid;

import org.jspecify.annotations.NullMarked;
