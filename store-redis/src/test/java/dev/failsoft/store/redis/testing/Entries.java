package dev.failsoft.store.redis.testing;

import dev.failsoft.cache.CacheKey;
import dev.failsoft.cache.StoredResponse;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Stored responses and requests for store tests, and a bounded wait for background work. */
public final class Entries {

  /** A fixed, whole-second instant for request and response times. */
  public static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private Entries() {}

  /** A GET of {@code url} with these request headers. */
  public static RequestHead get(String url, String... headers) {
    return RequestHead.of("GET", url, Headers.of(headers));
  }

  /** The key of a GET of {@code url}. */
  public static CacheKey key(String url) {
    return CacheKey.of(get(url)).orElseThrow();
  }

  /** A 200 for {@code request} with {@code body} and these response headers. */
  public static StoredResponse ok(RequestHead request, String body, String... headers) {
    return StoredResponse.of(
        CacheKey.of(request).orElseThrow(),
        request,
        ResponseHead.of(200, Headers.of(headers)),
        body.getBytes(StandardCharsets.UTF_8),
        T0,
        T0.plusMillis(5));
  }

  /** A 200 for a GET of {@code url}. */
  public static StoredResponse ok(String url, String body) {
    return ok(get(url), body, "Content-Type", "text/plain", "Cache-Control", "max-age=60");
  }

  /** Waits until {@code condition} holds, failing after {@code limit}; not a timing assertion. */
  public static void await(Duration limit, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + limit + " waiting for " + what);
      }
      RedisServer.park(10);
    }
  }

  /** Nanoseconds to milliseconds, for messages. */
  public static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
