package io.cello.telemetry.internal.kafka;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.opentelemetry.context.Context;

import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;

/**
 * Turns Spring Kafka's observations of a send ({@code KafkaTemplate}) and of a record a
 * listener processes into PRODUCER and CONSUMER spans: the observation starts, scopes, fails
 * and stops the record's {@link KafkaRecordSpan}.
 */
public final class KafkaObservationHandler implements ObservationHandler<Observation.Context> {

	private final KafkaTracing tracing;

	public KafkaObservationHandler(KafkaTracing tracing) {
		this.tracing = tracing;
	}

	/** Whether the observation is one of the Kafka observations this handler makes spans of. */
	public static boolean isKafkaRecord(Observation.Context context) {
		return context instanceof KafkaRecordSenderContext || context instanceof KafkaRecordReceiverContext;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return isKafkaRecord(context);
	}

	@Override
	public void onStart(Observation.Context context) {
		KafkaRecordSpan span = (context instanceof KafkaRecordSenderContext send)
				? KafkaRecordSpan.publish(this.tracing, send.getRecord(), Context.current())
				: start((KafkaRecordReceiverContext) context);
		context.put(KafkaRecordSpan.class, span);
	}

	private KafkaRecordSpan start(KafkaRecordReceiverContext receive) {
		return KafkaRecordSpan.process(this.tracing, receive.getRecord(), receive.getGroupId());
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		KafkaRecordSpan span = context.get(KafkaRecordSpan.class);
		if (span != null) {
			span.openScope();
		}
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		KafkaRecordSpan span = context.get(KafkaRecordSpan.class);
		if (span != null) {
			span.closeScope();
		}
	}

	@Override
	public void onError(Observation.Context context) {
		KafkaRecordSpan span = context.get(KafkaRecordSpan.class);
		Throwable error = context.getError();
		if (span != null && error != null) {
			span.fail(error);
		}
	}

	@Override
	public void onStop(Observation.Context context) {
		KafkaRecordSpan span = context.get(KafkaRecordSpan.class);
		if (span != null) {
			span.end();
		}
	}

}
