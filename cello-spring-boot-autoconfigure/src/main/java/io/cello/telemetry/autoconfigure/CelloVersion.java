package io.cello.telemetry.autoconfigure;

/**
 * The version of Cello for Spring Boot, as recorded in its jar's manifest.
 */
final class CelloVersion {

	private CelloVersion() {
	}

	static String get() {
		String version = CelloVersion.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "dev";
	}

}
