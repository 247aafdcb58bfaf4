package dev.failsoft.diagnosis;

import static java.util.Objects.requireNonNull;

import dev.failsoft.http.Headers;
import dev.failsoft.http.ResponseHead;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a signature rule may look at: a response's status, reason, headers and at most the first
 * {@value #MAX_BODY_BYTES} bytes of its body.
 *
 * <p>The body is exposed as bytes and as text decoded as ISO-8859-1, which maps every byte to one
 * character, so binary or mis-labelled bodies never fail to decode and ASCII signatures match
 * whatever the charset. Immutable and thread-safe.
 */
public final class ResponseSample {

  /** The most body bytes a diagnosis reads: 8 KiB. */
  public static final int MAX_BODY_BYTES = 8192;

  private final ResponseHead head;
  private final byte[] body;
  private String bodyText;

  private ResponseSample(ResponseHead head, byte[] body) {
    this.head = head;
    this.body = body;
  }

  /** Returns a sample of {@code head} and the first {@value #MAX_BODY_BYTES} bytes of the body. */
  public static ResponseSample of(ResponseHead head, byte[] bodyPrefix) {
    requireNonNull(head, "head");
    requireNonNull(bodyPrefix, "bodyPrefix");
    return new ResponseSample(head, Arrays.copyOf(bodyPrefix,
        Math.min(bodyPrefix.length, MAX_BODY_BYTES)));
  }

  /** Returns the response head. */
  public ResponseHead head() {
    return head;
  }

  /** Returns the status code. */
  public int status() {
    return head.status();
  }

  /** Returns the header fields. */
  public Headers headers() {
    return head.headers();
  }

  /** Returns the first value of a header field, if present. */
  public Optional<String> header(String name) {
    return head.headers().first(name);
  }

  /** Returns a copy of the sampled body bytes. */
  public byte[] body() {
    return body.clone();
  }

  /** Returns the number of sampled body bytes. */
  public int bodyLength() {
    return body.length;
  }

  /** Returns the sampled body decoded as ISO-8859-1 (one character per byte). */
  public String bodyText() {
    String text = bodyText;
    if (text == null) {
      text = new String(body, StandardCharsets.ISO_8859_1);
      bodyText = text;
    }
    return text;
  }

  /** Returns true when the sampled body contains {@code needle} (case-sensitive). */
  public boolean bodyContains(String needle) {
    return bodyText().contains(requireNonNull(needle, "needle"));
  }
}
