package dev.failsoft.diagnosis.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The log fixtures under {@code src/test/resources/logs/} and the clock they are read with. */
final class Fixtures {
  /** A month after the fixtures' May 2024, in UTC, so year-less syslog stamps land in 2024. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);

  /** Fixture file → the format it is written in. */
  static final List<List<String>> FILES =
      List.of(
          List.of("nginx-error.log", "nginx"),
          List.of("apache-error.log", "apache"),
          List.of("haproxy.log", "haproxy"),
          List.of("envoy-access.log", "envoy"),
          List.of("istio-access.log", "envoy"),
          List.of("heroku-router.log", "heroku"),
          List.of("gunicorn.log", "gunicorn"),
          List.of("php-fpm.log", "php-fpm"),
          List.of("kernel-oom.log", "kernel-oom"),
          List.of("varnish.log", "varnish"),
          List.of("caddy-error.log", "caddy"),
          List.of("traefik.log", "traefik"),
          List.of("squid.log", "squid"));

  private Fixtures() {}

  static byte[] bytes(String file) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/logs/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(String file) {
    return new String(bytes(file), StandardCharsets.UTF_8).lines().toList();
  }

  /** Returns the only line of {@code file} containing {@code key}. */
  static String line(String file, String key) {
    List<String> matches = lines(file).stream().filter(l -> l.contains(key)).toList();
    if (matches.size() != 1) {
      throw new IllegalArgumentException(file + ": " + matches.size() + " lines contain " + key);
    }
    return matches.get(0);
  }
}
