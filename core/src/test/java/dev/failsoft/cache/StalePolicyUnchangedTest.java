package dev.failsoft.cache;

import static dev.failsoft.cache.Fixtures.T0;
import static dev.failsoft.cache.Fixtures.date;
import static dev.failsoft.cache.Fixtures.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.http.Headers;
import dev.failsoft.http.ResponseHead;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a response just received leaves the stored copy as it is (the write a cache may skip). */
class StalePolicyUnchangedTest {

  private final StalePolicy shared = StalePolicy.shared().build();

  private static final String[] PAGE = {
    "Cache-Control", "max-age=60", "Content-Type", "text/html", "Date", date(T0)
  };

  private static StoredResponse stored(String body, String... headers) {
    return StoredResponse.of(
        CacheKey.of(get()).orElseThrow(),
        get(),
        ResponseHead.of(200, Headers.of(headers)),
        ByteBuffer.wrap(bytes(body)),
        T0,
        T0);
  }

  private static ResponseHead response(String... headers) {
    return ResponseHead.of(200, Headers.of(headers));
  }

  private static byte[] bytes(String body) {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  private static ByteBuffer body(String body) {
    return ByteBuffer.wrap(bytes(body));
  }

  private static Instant at(long millis) {
    return T0.plusMillis(millis);
  }

  @Test
  void anIdenticalResponseWhileFreshChangesNothing() {
    assertThat(shared.isUnchanged(stored("page", PAGE), response(PAGE), body("page"), at(30_000)))
        .isTrue();
  }

  @Test
  void anIdenticalResponseOnceStaleIsStoredAgainSoTheCopyIsYoung() {
    assertThat(shared.isUnchanged(stored("page", PAGE), response(PAGE), body("page"), at(61_000)))
        .isFalse();
  }

  @Test
  void aDifferentBodyOfTheSameLengthIsStoredOnceTheWriteCoalescingSecondIsOver() {
    StoredResponse s = stored("edition 1", PAGE);
    assertThat(shared.isUnchanged(s, response(PAGE), body("edition 2"), at(999))).isTrue();
    assertThat(shared.isUnchanged(s, response(PAGE), body("edition 2"), at(1_000))).isFalse();
  }

  @Test
  void aDifferentLengthStatusOrStoredFieldIsAlwaysANewResponse() {
    StoredResponse s = stored("page", PAGE);
    assertThat(shared.isUnchanged(s, response(PAGE), body("page 2"), at(10))).isFalse();
    assertThat(shared.isUnchanged(s, ResponseHead.of(404, Headers.of(PAGE)), body("page"), at(10)))
        .isFalse();
    for (String field :
        new String[] {
          "Cache-Control", "ETag", "Last-Modified", "Vary", "Content-Type", "Content-Encoding"
        }) {
      Headers changed = Headers.of(PAGE).toBuilder().set(field, "other").build();
      assertThat(shared.isUnchanged(s, ResponseHead.of(200, changed), body("page"), at(10)))
          .as(field)
          .isFalse();
    }
  }

  @Test
  void aFieldOutsideTheComparedOnesDoesNotMakeANewResponse() {
    StoredResponse s = stored("page", PAGE);
    Headers later =
        Headers.of(PAGE).toBuilder()
            .set("Date", date(at(30_000)))
            .add("X-Request-Id", "42")
            .build();
    assertThat(shared.isUnchanged(s, ResponseHead.of(200, later), body("page"), at(30_000)))
        .isTrue();
  }

  @Test
  void theSameEntityTagStandsForTheSameBody() {
    String[] tagged = {"Cache-Control", "max-age=60", "ETag", "\"v7\"", "Date", date(T0)};
    StoredResponse s = stored("edition 1", tagged);
    assertThat(shared.isUnchanged(s, response(tagged), body("edition 2"), at(5_000))).isTrue();
  }

  @Test
  void aClockThatWentBackDecidesByFreshnessAlone() {
    StoredResponse s = stored("page", PAGE);
    assertThat(shared.isUnchanged(s, response(PAGE), body("page"), at(-5_000))).isTrue();
    assertThat(shared.isUnchanged(s, response(PAGE), body("pag2"), at(-5_000))).isFalse();
  }

  @Test
  void instantsAtTheEndsOfTimeGetAnAnswerNotAnException() {
    StoredResponse s = stored("page", PAGE);
    assertThat(shared.isUnchanged(s, response(PAGE), body("page"), Instant.MAX)).isFalse();
    assertThat(shared.isUnchanged(s, response(PAGE), body("page"), Instant.MIN)).isTrue();
    StoredResponse ancient =
        StoredResponse.of(
            CacheKey.of(get()).orElseThrow(),
            get(),
            ResponseHead.of(200, Headers.of(PAGE)),
            bytes("page"),
            Instant.MIN,
            Instant.MIN);
    assertThat(shared.isUnchanged(ancient, response(PAGE), body("page"), T0)).isFalse();
  }

  @Test
  void readsTheBodyFromItsPositionWithoutMovingEitherBuffer() {
    StoredResponse s = stored("page", PAGE);
    ByteBuffer received = ByteBuffer.wrap(bytes("xxpage"));
    received.position(2);

    assertThat(shared.isUnchanged(s, response(PAGE), received, at(30_000))).isTrue();
    assertThat(received.position()).isEqualTo(2);
    assertThat(s.body().remaining()).isEqualTo(4);
  }

  @Test
  void aStoredResponseHoldsAHandedOverBufferFromItsPosition() {
    ByteBuffer handed = ByteBuffer.wrap(bytes("--body"));
    handed.position(2);

    StoredResponse s =
        StoredResponse.of(
            CacheKey.of(get()).orElseThrow(),
            get(),
            ResponseHead.of(200, Headers.of(PAGE)),
            handed,
            T0,
            T0);

    assertThat(s.bodyBytes()).isEqualTo(bytes("body"));
    assertThat(s.body().isReadOnly()).isTrue();
    assertThat(s.weight())
        .isEqualTo(
            4 + Headers.of(PAGE).byteSize() + s.key().length() + StoredResponse.OVERHEAD_BYTES);
  }
}
