package io.cello.telemetry.benchmarks.load;

/** The small JSON body of {@code /hello}. */
public record Greeting(String message, int id) {

}
