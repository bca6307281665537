package io.cello.telemetry.internal.export;

import io.cello.telemetry.internal.PropertyValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The traces endpoint as the OpenTelemetry specification builds it ("Endpoint URLs for
 * OTLP/HTTP", examples 1 to 3), and the URLs no exporter can use.
 */
class OtlpEndpointsTests {

	@ParameterizedTest(name = "{0} | {1} | {2} -> {3}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			# base endpoint (OTEL_EXPORTER_OTLP_ENDPOINT) | traces endpoint (..._TRACES_ENDPOINT) | protocol | sent to
			# Example 1: the base gets v1/traces
			http://collector:4318                | -                                      | http/protobuf | http://collector:4318/v1/traces
			http://collector:4318/               | -                                      | http/protobuf | http://collector:4318/v1/traces
			# Example 2: the traces endpoint is used as given, the root path when it has none
			-                                    | http://collector:4318                  | http/protobuf | http://collector:4318/
			http://general:4318                  | http://collector:4318                  | http/protobuf | http://collector:4318/
			-                                    | https://collector.example.com/v1/traces | http/protobuf | https://collector.example.com/v1/traces
			-                                    | https://collector.example.com/custom   | http/protobuf | https://collector.example.com/custom
			-                                    | http://collector:4318/otlp/            | http/protobuf | http://collector:4318/otlp/
			# Example 3: a base with a path keeps it
			http://collector:4318/mycollector/   | -                                      | http/protobuf | http://collector:4318/mycollector/v1/traces
			http://gateway:4318/otlp             | -                                      | http/protobuf | http://gateway:4318/otlp/v1/traces
			http://gateway:4318/otlp/            | -                                      | http/protobuf | http://gateway:4318/otlp/v1/traces
			https://otlp.example.com             | -                                      | http/protobuf | https://otlp.example.com/v1/traces
			# a base that already names the traces path is used as given
			https://otlp.example.com/otlp/v1/traces | -                                   | http/protobuf | https://otlp.example.com/otlp/v1/traces
			# the query of a base is kept after the path
			http://collector:4318/otlp?tenant=a  | -                                      | http/protobuf | http://collector:4318/otlp/v1/traces?tenant=a
			# nothing configured: the collector on this machine
			-                                    | -                                      | http/protobuf | http://localhost:4318/v1/traces
			-                                    | -                                      | grpc          | http://localhost:4317
			# gRPC: scheme, host and port; the path of a call is the service method
			http://collector:4317                | -                                      | grpc          | http://collector:4317
			https://collector:4317/otlp          | -                                      | grpc          | https://collector:4317
			http://general:4317                  | http://traces:4317/v1/traces           | grpc          | http://traces:4317
			HTTP://Collector:4317                | -                                      | grpc          | http://Collector:4317
			""")
	void tracesEndpointFollowsTheSpecification(String endpoint, String tracesEndpoint, String protocol,
			String expected) {
		assertThat(OtlpEndpoints.tracesEndpoint(endpoint, tracesEndpoint, PropertyValue.of(OtlpProtocol.class, protocol)))
			.hasToString(expected);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			collector:4317             | must start with http:// or https://
			http//collector:4317       | must start with http:// or https://
			ftp://collector:4317       | must start with http:// or https://
			grpc://collector:4317      | must start with http:// or https://
			http:///v1/traces          | has no host
			http:collector             | has no host
			http://collector:http      | has an invalid port
			http://collector:99999     | has an invalid port
			http://collector:          | has an invalid port
			"http://bad host:4317"     | must not contain spaces
			" http://collector :4317"  | must not contain spaces
			http://user:pw@collector   | must not contain user information
			http://collector:43 17     | must not contain spaces
			http://coll^ector:4317     | is not a valid URL
			""")
	void malformedEndpointIsRejectedWithAReason(String url, String reason) {
		assertThat(OtlpEndpoints.problemWith(url)).startsWith(reason);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(textBlock = """
			http://collector:4317
			https://collector
			http://127.0.0.1:4318/v1/traces
			http://[::1]:4317
			https://otlp.example.com/otlp/v1/traces?tenant=a
			""")
	void wellFormedEndpointIsAccepted(String url) {
		assertThat(OtlpEndpoints.problemWith(url)).isNull();
	}

}
