package dev.failsoft.store.redis;

import static dev.failsoft.store.redis.testing.Entries.await;
import static dev.failsoft.store.redis.testing.Entries.get;
import static dev.failsoft.store.redis.testing.Entries.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.failsoft.cache.StoredResponse;
import dev.failsoft.store.redis.testing.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store over TLS ({@code rediss://}) to a redis-server with a certificate made here by {@code
 * openssl}: entries round-trip, and peer verification is on unless the URI turns it off.
 */
class RedisTlsTest {

  @TempDir Path dir;

  private void openssl(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "openssl";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("openssl " + String.join(" ", args) + ": " + new String(out));
    }
  }

  @Test
  void entriesRoundTripOverTlsAndAnUntrustedCertificateGivesMissesNotExceptions() throws Exception {
    assumeTrue(RedisServer.installed(), RedisServer.MISSING);
    assumeTrue(RedisServer.binary("openssl").isPresent(), "openssl not found: needed for TLS");
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=failsoft-test-ca",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt");
    openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        "server.key",
        "-out",
        "server.csr");
    Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
    openssl(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "1",
        "-extfile",
        "san.ext",
        "-out",
        "server.crt");
    int tlsPort = RedisServer.freePort(false);
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) 9);
    try (RedisServer redis =
        RedisServer.start(
            "tls-port " + tlsPort,
            "tls-cert-file " + dir.resolve("server.crt"),
            "tls-key-file " + dir.resolve("server.key"),
            "tls-ca-cert-file " + dir.resolve("ca.crt"),
            "tls-auth-clients no")) {
      StoredResponse page = ok("https://shop.example/tls", "over tls");
      try (RedisStaleStore writer =
              RedisStaleStore.builder()
                  .uri("rediss://127.0.0.1:" + tlsPort + "?verifyPeer=NONE")
                  .keys(SigningKeys.of("k1", secret))
                  .startupWait(Duration.ofSeconds(5))
                  .build();
          RedisStaleStore verifying =
              RedisStaleStore.builder()
                  .uri("rediss://127.0.0.1:" + tlsPort)
                  .keys(SigningKeys.of("k1", secret))
                  .startupWait(Duration.ofMillis(500))
                  .build()) {
        assertThat(writer.connected()).isTrue();
        writer.put(page, Duration.ofMinutes(5));
        await(Duration.ofSeconds(10), "the write", () -> writer.stats().written() >= 1);
        assertThat(writer.get(page.key(), get("https://shop.example/tls"))).contains(page);
        // Nothing was written in clear: the plain port holds the same keys the TLS port wrote.
        assertThat(redis.command("DBSIZE")).isEqualTo("2");

        // The JVM does not trust this test CA: full verification refuses the connection.
        assertThat(verifying.connected()).isFalse();
        assertThat(verifying.get(page.key(), get("https://shop.example/tls"))).isEmpty();
        assertThat(verifying.stats().shortCircuited()).isEqualTo(1);
      }
    }
    assertThat(List.of("ca.crt", "server.crt")).allMatch(f -> Files.exists(dir.resolve(f)));
  }
}
