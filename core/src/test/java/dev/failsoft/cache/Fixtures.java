package dev.failsoft.cache;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.http.Headers;
import dev.failsoft.http.HttpDate;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Shared builders for cache tests: requests, responses and stored entries at fixed instants. */
final class Fixtures {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final String URL = "https://example.com/prices?id=1";

  private Fixtures() {}

  static RequestHead get(String... headers) {
    return RequestHead.of("GET", URL, Headers.of(headers));
  }

  static ResponseHead ok(String... headers) {
    return ResponseHead.of(200, Headers.of(headers));
  }

  static String date(Instant instant) {
    return HttpDate.format(instant);
  }

  /** A response received at T0 (request sent at T0) with Date: T0 and these extra headers. */
  static StoredResponse stored(RequestHead request, String... headers) {
    Headers h = Headers.of(headers);
    if (!h.contains("Date")) {
      h = h.with("Date", date(T0));
    }
    return StoredResponse.of(
        CacheKey.of(request).orElseThrow(),
        request,
        ResponseHead.of(200, h),
        "body".getBytes(StandardCharsets.UTF_8),
        T0,
        T0);
  }

  static StoredResponse stored(String... headers) {
    return stored(get(), headers);
  }

  static Diagnosis status(int status) {
    FailureKind kind =
        switch (status) {
          case 502 -> FailureKind.BAD_GATEWAY;
          case 503 -> FailureKind.SERVICE_UNAVAILABLE;
          case 504 -> FailureKind.GATEWAY_TIMEOUT;
          default -> FailureKind.ORIGIN_ERROR;
        };
    return Diagnosis.builder(kind).status(status).build();
  }

  static Diagnosis exception(FailureKind kind) {
    return Diagnosis.builder(kind).build();
  }
}
