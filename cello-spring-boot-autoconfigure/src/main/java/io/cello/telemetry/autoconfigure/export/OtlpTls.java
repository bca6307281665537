package io.cello.telemetry.autoconfigure.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

import io.cello.telemetry.autoconfigure.CelloTelemetryProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.lang.Contract;
import org.springframework.util.Assert;

/**
 * The TLS material of the OTLP exporter, from {@code cello.telemetry.ssl.*}: the PEM files
 * of the {@code OTEL_EXPORTER_OTLP_*CERTIFICATE} and {@code *CLIENT_KEY} kind, handed to
 * the exporter for it to parse, or the {@link SSLContext} of an SSL bundle. Both are read
 * when the exporter is created, so that an unreadable file or an unknown bundle stops
 * startup with a message naming the property, its value and where it came from.
 */
final class OtlpTls {

	private static final String PREFIX = "cello.telemetry.ssl.";

	private final CelloTelemetryProperties.Ssl ssl;

	private final ObjectProvider<SslBundles> sslBundles;

	OtlpTls(CelloTelemetryProperties.Ssl ssl, ObjectProvider<SslBundles> sslBundles) {
		this.ssl = ssl;
		this.sslBundles = sslBundles;
	}

	/**
	 * Hands the TLS material to an exporter builder through its methods of the same names.
	 */
	void applyTo(BiConsumer<SSLContext, X509TrustManager> setSslContext, Consumer<byte[]> setTrustedCertificates,
			BiConsumer<byte[], byte[]> setClientTls) {
		String bundleName = this.ssl.getBundle();
		if (hasText(bundleName)) {
			SslBundle bundle = bundle(bundleName.strip());
			setSslContext.accept(bundle.createSslContext(), trustManager(bundle));
			return;
		}
		String certificatePath = this.ssl.getCertificate();
		if (hasText(certificatePath)) {
			byte[] certificates = read("certificate", certificatePath);
			parsedByTheExporter("certificate", certificatePath, "expected a PEM file of CA certificates",
					() -> setTrustedCertificates.accept(certificates));
		}
		String clientKeyPath = this.ssl.getClientKey();
		if (hasText(clientKeyPath)) {
			String clientCertificatePath = this.ssl.getClientCertificate();
			Assert.state(clientCertificatePath != null, "A client key without a client certificate was not rejected");
			byte[] key = read("client-key", clientKeyPath);
			byte[] certificate = read("client-certificate", clientCertificatePath);
			parsedByTheExporter("client-key", clientKeyPath,
					"expected a PEM file of a private key (PKCS#8), and in cello.telemetry.ssl.client-certificate "
							+ "a PEM file of its certificate",
					() -> setClientTls.accept(key, certificate));
		}
	}

	private SslBundle bundle(String name) {
		SslBundles bundles = this.sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "bundle", name,
					"no SSL bundles are defined in this application (Spring Boot's SslAutoConfiguration is not active)");
		}
		try {
			return bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "bundle", name,
					"there is no SSL bundle of that name; define it under spring.ssl.bundle.pem." + name
							+ " or spring.ssl.bundle.jks." + name, ex);
		}
	}

	private X509TrustManager trustManager(SslBundle bundle) {
		return Arrays.stream(bundle.getManagers().getTrustManagers())
			.filter(X509TrustManager.class::isInstance)
			.map(X509TrustManager.class::cast)
			.findFirst()
			.orElseThrow(() -> new InvalidConfigurationPropertyValueException(PREFIX + "bundle",
					this.ssl.getBundle(), "the SSL bundle has no X.509 trust manager"));
	}

	private static byte[] read(String property, String path) {
		try {
			return Files.readAllBytes(Path.of(path.strip()));
		}
		catch (IOException | InvalidPathException ex) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, path,
					"the file cannot be read (" + ex + ")", ex);
		}
	}

	/** The exporter parses the PEM files as they are handed over. */
	private static void parsedByTheExporter(String property, String path, String expected, Runnable configuration) {
		try {
			configuration.run();
		}
		catch (IllegalStateException | IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, path,
					expected + " (" + ex.getMessage() + ")", ex);
		}
	}

	@Contract("null -> false")
	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

}
