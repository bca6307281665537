/**
 * The server side of a request: the tracing {@code WebFilter}, the span it owns for each request ({@code ServerRequestSpan}), span names and attributes, {@code traceresponse}, excluded paths.
 * <p>
 * Internal to Cello, not for use outside it: any release may change it.
 */
@NullMarked
package io.cello.telemetry.internal.server;

import org.jspecify.annotations.NullMarked;
