package dev.failsoft.cache;

import static java.util.Objects.requireNonNull;

import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * One stored response: its key, its head without the fields that are never stored, its body, the
 * request's values of the fields its {@code Vary} names, and when it was requested and received
 * (for the age arithmetic of RFC 9111 §4.2.3).
 *
 * <p>Immutable and thread-safe: the body is handed out as a read-only buffer. The {@code byte[]}
 * form of {@link #of} copies the body in; the {@code ByteBuffer} form and the canonical
 * constructor keep a read-only view of the buffer they are given, not a copy, so whoever passes a
 * buffer must not change it afterwards. Not {@link java.io.Serializable}; a store that persists
 * entries must write its own format.
 *
 * @param key the primary key
 * @param head the response head as stored (see {@link StalePolicy#mayStore})
 * @param body the body bytes, read-only
 * @param selecting the request's normalised values of each field named by {@code Vary}; a name
 *     absent from the request is absent here
 * @param requestTime when the request that produced this response was sent
 * @param responseTime when the response was received
 */
public record StoredResponse(
    CacheKey key,
    ResponseHead head,
    ByteBuffer body,
    Headers selecting,
    Instant requestTime,
    Instant responseTime) {

  /** Bytes of bookkeeping counted for each entry on top of key, headers and body: {@value}. */
  public static final int OVERHEAD_BYTES = 96;

  /**
   * Checks the components and makes {@code body} a read-only view (not a copy) of the buffer
   * given.
   *
   * @param key the primary key
   * @param head the response head as stored (see {@link StalePolicy#mayStore})
   * @param body the body bytes, read-only
   * @param selecting the request's normalised values of each field named by {@code Vary}; a name
   *     absent from the request is absent here
   * @param requestTime when the request that produced this response was sent
   * @param responseTime when the response was received
   * @throws NullPointerException if a component is null
   */
  public StoredResponse {
    requireNonNull(key, "key");
    requireNonNull(head, "head");
    requireNonNull(body, "body");
    requireNonNull(selecting, "selecting");
    requireNonNull(requestTime, "requestTime");
    requireNonNull(responseTime, "responseTime");
    body = body.asReadOnlyBuffer();
  }

  /**
   * Returns a stored response for {@code request}, copying {@code body} and recording the
   * request's values of the fields {@code storedHead}'s {@code Vary} names.
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
    requireNonNull(request, "request");
    requireNonNull(body, "body");
    return new StoredResponse(
        key,
        storedHead,
        ByteBuffer.wrap(body.clone()),
        selectingValues(request.headers(), storedHead.headers()),
        requestTime,
        responseTime);
  }

  /**
   * Returns a stored response for {@code request} holding {@code body}'s remaining bytes without
   * copying them, for a caller that hands over a buffer it will never change again (a copy costs
   * as much as the rest of storing a page). Records the request's values of the fields {@code
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
  @Override
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
    return (long) body.remaining() + head.headers().byteSize() + selecting.byteSize()
        + key.length() + OVERHEAD_BYTES;
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
