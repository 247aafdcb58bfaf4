package dev.failsoft.cache;

import static java.util.Objects.requireNonNull;

import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One stored response: its key, its head without the fields that are never stored, its body, the
 * request's values of the fields its {@code Vary} names, and when it was requested and received
 * (for the age arithmetic of RFC 9111 §4.2.3).
 *
 * <p>Immutable and thread-safe: the body is handed out as a read-only buffer. The {@code byte[]}
 * form of {@link #of} copies the body in; the {@code ByteBuffer} form and the constructor keep a
 * read-only view of the buffer they are given, not a copy, so whoever passes a buffer must not
 * change it afterwards. Not {@link java.io.Serializable}; a store that persists entries must write
 * its own format.
 *
 * <p>It parses its own {@code Cache-Control} and {@code Date} once, on first use by a {@link
 * StalePolicy}, so that the decisions taken on every request that reads it cost no parsing.
 */
public final class StoredResponse {

  /** Bytes of bookkeeping counted for each entry on top of key, headers and body: {@value}. */
  public static final int OVERHEAD_BYTES = 96;

  private final CacheKey key;
  private final ResponseHead head;
  private final ByteBuffer body;
  private final Headers selecting;
  private final Instant requestTime;
  private final Instant responseTime;
  // Parsed from head on first use; racing threads compute equal values.
  private volatile @Nullable Parsed parsed;

  /** What the rules read from the stored head on every decision. */
  record Parsed(CacheControl directives, Optional<Instant> date) {}

  /**
   * Checks the arguments and makes {@code body} a read-only view (not a copy) of the buffer given.
   *
   * @param key the primary key
   * @param head the response head as stored (see {@link StalePolicy#mayStore})
   * @param body the body bytes from position to limit, kept as a read-only view
   * @param selecting the request's normalised values of each field named by {@code Vary}; a name
   *     absent from the request is absent here
   * @param requestTime when the request that produced this response was sent
   * @param responseTime when the response was received
   * @throws NullPointerException if an argument is null
   */
  public StoredResponse(
      CacheKey key,
      ResponseHead head,
      ByteBuffer body,
      Headers selecting,
      Instant requestTime,
      Instant responseTime) {
    this.key = requireNonNull(key, "key");
    this.head = requireNonNull(head, "head");
    this.body = requireNonNull(body, "body").asReadOnlyBuffer();
    this.selecting = requireNonNull(selecting, "selecting");
    this.requestTime = requireNonNull(requestTime, "requestTime");
    this.responseTime = requireNonNull(responseTime, "responseTime");
  }

  /**
   * Returns the primary key.
   *
   * @return the key this response is stored under
   */
  public CacheKey key() {
    return key;
  }

  /**
   * Returns the response head as stored.
   *
   * @return the head, without the fields that are never stored
   */
  public ResponseHead head() {
    return head;
  }

  /**
   * Returns the request's values of the fields {@code Vary} names.
   *
   * @return the normalised selecting values; a name absent from the request is absent here
   */
  public Headers selecting() {
    return selecting;
  }

  /**
   * Returns when the request that produced this response was sent.
   *
   * @return the request time
   */
  public Instant requestTime() {
    return requestTime;
  }

  /**
   * Returns when the response was received.
   *
   * @return the response time
   */
  public Instant responseTime() {
    return responseTime;
  }

  /** Returns the stored head's directives and Date, parsed once. */
  Parsed parsed() {
    Parsed p = parsed;
    if (p == null) {
      Headers headers = head.headers();
      p = new Parsed(CacheControl.of(headers), Freshness.singleDate(headers, "Date", responseTime));
      parsed = p;
    }
    return p;
  }

  /**
   * Returns a stored response for {@code request}, copying {@code body} and recording the request's
   * values of the fields {@code storedHead}'s {@code Vary} names.
   *
   * @param key the primary key
   * @param request the request the response answered
   * @param storedHead the head to store, already stripped by {@link StalePolicy#mayStore}
   * @param body the body bytes, copied
   * @param requestTime when the request was sent
   * @param responseTime when the response was received
   * @return the stored response
   * @throws NullPointerException if an argument is null
   */
  public static StoredResponse of(
      CacheKey key,
      RequestHead request,
      ResponseHead storedHead,
      byte[] body,
      Instant requestTime,
      Instant responseTime) {
    requireNonNull(body, "body");
    return of(key, request, storedHead, ByteBuffer.wrap(body.clone()), requestTime, responseTime);
  }

  /**
   * Returns a stored response for {@code request} holding {@code body}'s remaining bytes without
   * copying them, for a caller that hands over a buffer it will never change again (a copy costs as
   * much as the rest of storing a page). Records the request's values of the fields {@code
   * storedHead}'s {@code Vary} names.
   *
   * @param key the primary key
   * @param request the request the response answered
   * @param storedHead the head to store, already stripped by {@link StalePolicy#mayStore}
   * @param body the body: its bytes from position to limit, kept without a copy; the buffer's
   *     position is not changed
   * @param requestTime when the request was sent
   * @param responseTime when the response was received
   * @return the stored response
   * @throws NullPointerException if an argument is null
   */
  public static StoredResponse of(
      CacheKey key,
      RequestHead request,
      ResponseHead storedHead,
      ByteBuffer body,
      Instant requestTime,
      Instant responseTime) {
    requireNonNull(request, "request");
    requireNonNull(body, "body");
    return new StoredResponse(
        key,
        storedHead,
        body.slice(),
        selectingValues(request.headers(), storedHead.headers()),
        requestTime,
        responseTime);
  }

  /**
   * Returns a read-only view of the body; reading it does not affect other views.
   *
   * @return a new read-only buffer positioned at the start of the body
   */
  public ByteBuffer body() {
    return body.duplicate();
  }

  /**
   * Returns a copy of the body.
   *
   * @return a new array
   */
  public byte[] bodyBytes() {
    byte[] copy = new byte[body.remaining()];
    body.duplicate().get(copy);
    return copy;
  }

  /**
   * Returns the response status.
   *
   * @return the stored head's status
   */
  public int status() {
    return head.status();
  }

  /**
   * Returns the bytes this entry is weighed at.
   *
   * @return body + headers (stored and selecting) + key + {@value #OVERHEAD_BYTES}
   */
  public long weight() {
    return (long) body.remaining()
        + head.headers().byteSize()
        + selecting.byteSize()
        + key.length()
        + OVERHEAD_BYTES;
  }

  /**
   * Returns true when this stored response may answer {@code request} as far as {@code Vary} goes
   * (RFC 9111 §4.1): every selecting field has the same normalised value, a field absent from both
   * matches, and {@code Vary: *} never matches.
   *
   * @param request the request to match
   * @return true when the selecting fields match
   * @throws NullPointerException if {@code request} is null
   */
  public boolean matches(RequestHead request) {
    requireNonNull(request, "request");
    for (String vary : head.headers().values("Vary")) {
      if (vary.indexOf('*') >= 0) {
        return false;
      }
    }
    return selecting.equals(selectingValues(request.headers(), head.headers()));
  }

  /**
   * Returns true when {@code other} is a stored response with equal key, head, body bytes,
   * selecting values and times.
   *
   * @param other the object to compare with
   * @return true when equal
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof StoredResponse o
        && key.equals(o.key)
        && head.equals(o.head)
        && body.equals(o.body)
        && selecting.equals(o.selecting)
        && requestTime.equals(o.requestTime)
        && responseTime.equals(o.responseTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, head, body, selecting, requestTime, responseTime);
  }

  @Override
  public String toString() {
    return "StoredResponse[key="
        + key
        + ", head="
        + head
        + ", body="
        + body.remaining()
        + " bytes, selecting="
        + selecting
        + ", requestTime="
        + requestTime
        + ", responseTime="
        + responseTime
        + "]";
  }

  /** Returns the normalised values of each field named by {@code Vary}, in Vary's order. */
  static Headers selectingValues(Headers requestHeaders, Headers responseHeaders) {
    if (!responseHeaders.contains("Vary")) {
      return Headers.empty();
    }
    Headers.Builder out = Headers.builder();
    for (String vary : responseHeaders.values("Vary")) {
      for (String name : vary.split(",")) {
        String field = name.strip();
        if (field.isEmpty() || !Headers.isValidName(field)) {
          continue;
        }
        requestHeaders.combined(field).ifPresent(v -> out.addLenient(field, normalise(field, v)));
      }
    }
    return out.build();
  }

  /**
   * Normalises a selecting value as §4.1 allows: white space around list commas is dropped, and
   * {@code Accept-Encoding}, whose codings are case-insensitive and unordered, is lower-cased and
   * sorted (so that variations cannot multiply variants, cf. CVE-2024-35296).
   */
  private static String normalise(String field, String value) {
    String[] members = value.split(",");
    for (int i = 0; i < members.length; i++) {
      members[i] = members[i].strip();
    }
    if (field.equalsIgnoreCase("Accept-Encoding")) {
      for (int i = 0; i < members.length; i++) {
        members[i] = members[i].toLowerCase(Locale.ROOT).replace(" ", "");
      }
      Arrays.sort(members);
    }
    return String.join(",", members);
  }
}
