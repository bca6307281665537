package io.cello.telemetry.internal.export;

import io.cello.telemetry.internal.PropertyValue;

/**
 * Where finished spans are sent.
 */
public enum ExporterType implements PropertyValue {

	OTLP, ZIPKIN, LOGGING, NONE;

}
