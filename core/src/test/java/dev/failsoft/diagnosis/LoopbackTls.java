package dev.failsoft.diagnosis;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} only, made with the JDK's {@code keytool} at test
 * time, and the TLS contexts a server presenting it and a client trusting it need.
 */
final class LoopbackTls {
  private static final char[] PASSWORD = "changeit".toCharArray();

  final KeyStore keyStore;
  final KeyStore trustStore;
  final SSLContext server;

  /** Trusts the certificate (which names only {@code localhost}, not 127.0.0.1). */
  final SSLContext trustingClient;

  private LoopbackTls(KeyStore keyStore) throws Exception {
    this.keyStore = keyStore;
    trustStore = KeyStore.getInstance("PKCS12");
    trustStore.load(null, null);
    trustStore.setCertificateEntry("localhost", keyStore.getCertificate("localhost"));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keyStore, PASSWORD);
    server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trustStore);
    trustingClient = SSLContext.getInstance("TLS");
    trustingClient.init(null, tmf.getTrustManagers(), null);
  }

  /** Generates the key pair into {@code dir} with keytool and loads it. */
  static LoopbackTls generate(Path dir) throws Exception {
    Path store = dir.resolve("localhost.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p =
        new ProcessBuilder(
                List.of(
                    keytool.toString(),
                    "-genkeypair",
                    "-alias",
                    "localhost",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "san=dns:localhost",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    store.toString(),
                    "-storepass",
                    "changeit",
                    "-keypass",
                    "changeit"))
            .redirectErrorStream(true)
            .start();
    byte[] output = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + new String(output));
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD);
    }
    return new LoopbackTls(ks);
  }
}
