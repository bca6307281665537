package io.cello.telemetry.testsupport;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority generated for one test, with a server certificate for
 * {@code 127.0.0.1} and {@code localhost} and a client certificate, both signed by it,
 * written as PEM files (keys in PKCS#8) to a directory.
 */
public final class TestCertificates {

	private final Path caCertificate;

	private final Path serverCertificate;

	private final Path serverKey;

	private final Path clientCertificate;

	private final Path clientKey;

	private TestCertificates(Path directory) {
		this.caCertificate = directory.resolve("ca.pem");
		this.serverCertificate = directory.resolve("server.pem");
		this.serverKey = directory.resolve("server-key.pem");
		this.clientCertificate = directory.resolve("client.pem");
		this.clientKey = directory.resolve("client-key.pem");
	}

	/** A new CA, server and client, written to {@code directory}. */
	public static TestCertificates generate(Path directory) throws IOException, GeneralSecurityException {
		TestCertificates files = new TestCertificates(directory);
		try {
			KeyPair caKeys = keyPair();
			X500Name caName = new X500Name("CN=Cello Test CA");
			X509Certificate ca = certificate(caName, caKeys, caName, caKeys.getPrivate(), (builder, utils) -> {
				builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
				builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			});
			KeyPair serverKeys = keyPair();
			X509Certificate server = certificate(new X500Name("CN=localhost"), serverKeys, caName,
					caKeys.getPrivate(), (builder, utils) -> {
						builder.addExtension(Extension.subjectAlternativeName, false,
								new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
										new GeneralName(GeneralName.dNSName, "localhost") }));
						builder.addExtension(Extension.extendedKeyUsage, false,
								new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
						builder.addExtension(Extension.authorityKeyIdentifier, false,
								utils.createAuthorityKeyIdentifier(caKeys.getPublic()));
					});
			KeyPair clientKeys = keyPair();
			X509Certificate client = certificate(new X500Name("CN=cello-exporter"), clientKeys, caName,
					caKeys.getPrivate(), (builder, utils) -> {
						builder.addExtension(Extension.extendedKeyUsage, false,
								new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
						builder.addExtension(Extension.authorityKeyIdentifier, false,
								utils.createAuthorityKeyIdentifier(caKeys.getPublic()));
					});
			write(files.caCertificate, ca);
			write(files.serverCertificate, server);
			write(files.serverKey, serverKeys.getPrivate());
			write(files.clientCertificate, client);
			write(files.clientKey, clientKeys.getPrivate());
			return files;
		}
		catch (OperatorCreationException ex) {
			throw new GeneralSecurityException(ex);
		}
	}

	/** The CA's certificate: what a client trusts, and what the server trusts clients by. */
	public Path caCertificate() {
		return this.caCertificate;
	}

	public Path serverCertificate() {
		return this.serverCertificate;
	}

	public Path serverKey() {
		return this.serverKey;
	}

	public Path clientCertificate() {
		return this.clientCertificate;
	}

	public Path clientKey() {
		return this.clientKey;
	}

	private static KeyPair keyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	private static X509Certificate certificate(X500Name subject, KeyPair keys, X500Name issuer, PrivateKey issuerKey,
			Extensions extensions) throws GeneralSecurityException, IOException, OperatorCreationException {
		Instant now = Instant.now();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
				new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
				Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic());
		JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
		builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
		extensions.add(builder, utils);
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
	}

	private static void write(Path file, Certificate certificate) throws IOException, GeneralSecurityException {
		write(file, "CERTIFICATE", certificate.getEncoded());
	}

	private static void write(Path file, PrivateKey key) throws IOException {
		write(file, "PRIVATE KEY", key.getEncoded());
	}

	private static void write(Path file, String type, byte[] der) throws IOException {
		String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		Files.writeString(file, "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n");
	}

	@FunctionalInterface
	private interface Extensions {

		void add(X509v3CertificateBuilder builder, JcaX509ExtensionUtils utils) throws IOException;

	}

}
