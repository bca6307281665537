/**
 * Kafka spans: a PRODUCER span per record a {@code KafkaTemplate} sends and a CONSUMER span
 * per record (or batch) a listener receives, made from Spring Kafka's observations and
 * joined through the record's headers.
 * <p>
 * Internal to Cello, not for use outside it: any release may change it.
 */
@NullMarked
package io.cello.telemetry.internal.kafka;

import org.jspecify.annotations.NullMarked;
