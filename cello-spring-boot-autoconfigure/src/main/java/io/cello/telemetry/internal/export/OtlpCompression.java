package io.cello.telemetry.internal.export;

import io.cello.telemetry.internal.PropertyValue;

/**
 * How OTLP exports are compressed on the wire.
 */
public enum OtlpCompression implements PropertyValue {

	NONE, GZIP;

}
