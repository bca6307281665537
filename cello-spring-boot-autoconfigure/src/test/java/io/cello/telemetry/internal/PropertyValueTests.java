package io.cello.telemetry.internal;

import io.cello.telemetry.internal.export.ExporterType;
import io.cello.telemetry.internal.export.OtlpCompression;
import io.cello.telemetry.internal.export.OtlpProtocol;
import io.cello.telemetry.internal.http.SemconvMode;
import io.cello.telemetry.internal.propagation.PropagationFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The words written in {@code cello.telemetry.*} for each constant, and how they are read.
 */
class PropertyValueTests {

	@Test
	void eachConstantIsWrittenAsItsDocumentedWord() {
		assertThat(PropertyValue.allowedValues(ExporterType.class)).isEqualTo("'otlp', 'zipkin', 'logging', 'none'");
		assertThat(PropertyValue.allowedValues(PropagationFormat.class)).isEqualTo("'w3c', 'b3', 'b3multi', 'jaeger'");
		assertThat(PropertyValue.allowedValues(OtlpCompression.class)).isEqualTo("'none', 'gzip'");
		assertThat(PropertyValue.allowedValues(OtlpProtocol.class)).isEqualTo("'grpc', 'http/protobuf'");
		assertThat(PropertyValue.allowedValues(SemconvMode.class)).isEqualTo("'cello', 'stable', 'both'");
	}

	@Test
	void matchingIgnoresCaseAndSurroundingBlanks() {
		assertThat(PropertyValue.find(OtlpProtocol.class, " HTTP/Protobuf ")).isEqualTo(OtlpProtocol.HTTP_PROTOBUF);
		assertThat(PropertyValue.find(PropagationFormat.class, "B3Multi")).isEqualTo(PropagationFormat.B3_MULTI);
		assertThat(PropertyValue.find(OtlpProtocol.class, "http_protobuf")).isNull();
		assertThat(PropertyValue.find(OtlpProtocol.class, null)).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> PropertyValue.of(OtlpCompression.class, "zstd"))
			.withMessage("'zstd' is not one of 'none', 'gzip'");
	}

}
