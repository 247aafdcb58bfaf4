package dev.failsoft.cache;

import static java.util.Objects.requireNonNull;

import dev.failsoft.http.Headers;
import java.nio.ByteBuffer;

/**
 * A stored copy ready to be sent instead of a failure, as {@link StaleCache} decided and rendered
 * it: the status (the stored one, or 304 when the client's conditional request matches), the fields
 * to send — marked with {@code Age} and {@code Cache-Status}, without {@code Set-Cookie} and
 * without the framing fields ({@code Content-Length}, {@code Transfer-Encoding}) that the adapter's
 * server writes for the body it sends — and the body, with the visible banner when one was asked
 * for. An adapter writes exactly this and nothing else.
 *
 * <p>Immutable and thread-safe: {@link #body()} returns a new read-only view each time.
 */
public final class StaleAnswer {
  private final int status;
  private final String reason;
  private final Headers headers;
  private final ByteBuffer body;
  private final long contentLength;
  private final long ageSeconds;
  private final StaleCache.Reason why;

  StaleAnswer(
      int status,
      String reason,
      Headers headers,
      ByteBuffer body,
      long contentLength,
      long ageSeconds,
      StaleCache.Reason why) {
    this.status = status;
    this.reason = requireNonNull(reason, "reason");
    this.headers = requireNonNull(headers, "headers");
    this.body = body.asReadOnlyBuffer();
    this.contentLength = contentLength;
    this.ageSeconds = ageSeconds;
    this.why = requireNonNull(why, "why");
  }

  /**
   * Returns the status to send: the stored copy's, or 304 when the request's {@code If-None-Match}
   * (or, without it, {@code If-Modified-Since}) matches the copy (RFC 9110 §13.2.2).
   *
   * @return an HTTP status
   */
  public int status() {
    return status;
  }

  /**
   * Returns the reason phrase the copy was stored with; may be empty (HTTP/2 has none).
   *
   * @return the reason phrase
   */
  public String reasonPhrase() {
    return reason;
  }

  /**
   * Returns the fields to send, in order; never {@code Set-Cookie}, {@code Content-Length} or
   * {@code Transfer-Encoding}.
   *
   * @return the fields
   */
  public Headers headers() {
    return headers;
  }

  /**
   * Returns the bytes to send: empty for a 304 and for a HEAD request.
   *
   * @return a new read-only view
   */
  public ByteBuffer body() {
    return body.duplicate();
  }

  /**
   * Returns the {@code Content-Length} to send: the length of the copy's body (also for HEAD, RFC
   * 9110 §9.3.2), or -1 for a 304, which sends none.
   *
   * @return bytes, or -1
   */
  public long contentLength() {
    return contentLength;
  }

  /**
   * Returns the copy's age, as written in {@code Age}.
   *
   * @return seconds, 0 or more
   */
  public long ageSeconds() {
    return ageSeconds;
  }

  /**
   * Returns why a stored copy is sent.
   *
   * @return the reason
   */
  public StaleCache.Reason reason() {
    return why;
  }

  @Override
  public String toString() {
    return "StaleAnswer{" + status + ", age " + ageSeconds + "s, " + why + "}";
  }
}
