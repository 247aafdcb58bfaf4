package dev.failsoft.diagnosis;

import static java.util.Objects.requireNonNull;

import dev.failsoft.http.Headers;
import dev.failsoft.http.ResponseHead;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
  private @Nullable String bodyText;

  private ResponseSample(ResponseHead head, byte[] body) {
    this.head = head;
    this.body = body;
  }

  /**
   * Returns a sample of {@code head} and the first {@value #MAX_BODY_BYTES} bytes of the body.
   *
   * @param head the response head
   * @param bodyPrefix the start of the body, possibly empty; copied, so later changes to the array
   *     do not show
   * @return the sample
   * @throws NullPointerException if an argument is null
   */
  public static ResponseSample of(ResponseHead head, byte[] bodyPrefix) {
    requireNonNull(head, "head");
    requireNonNull(bodyPrefix, "bodyPrefix");
    return new ResponseSample(
        head, Arrays.copyOf(bodyPrefix, Math.min(bodyPrefix.length, MAX_BODY_BYTES)));
  }

  /**
   * Returns the response head.
   *
   * @return the head as given
   */
  public ResponseHead head() {
    return head;
  }

  /**
   * Returns the status code.
   *
   * @return the head's status, 100 to 999
   */
  public int status() {
    return head.status();
  }

  /**
   * Returns the header fields.
   *
   * @return the head's headers
   */
  public Headers headers() {
    return head.headers();
  }

  /**
   * Returns the first value of a header field.
   *
   * @param name the field name, any case
   * @return the first value, or empty when the field is absent
   * @throws NullPointerException if {@code name} is null
   */
  public Optional<String> header(String name) {
    return head.headers().first(name);
  }

  /**
   * Returns a copy of the sampled body bytes; prefer {@link #bodyText()}, which does not copy.
   *
   * @return a new array of at most {@value #MAX_BODY_BYTES} bytes
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * Returns the number of sampled body bytes.
   *
   * @return 0 to {@value #MAX_BODY_BYTES}
   */
  public int bodyLength() {
    return body.length;
  }

  /**
   * Returns the sampled body decoded as ISO-8859-1 (one character per byte), decoded once.
   *
   * @return the text, as long as {@link #bodyLength()}
   */
  public String bodyText() {
    String text = bodyText;
    if (text == null) {
      text = new String(body, StandardCharsets.ISO_8859_1);
      bodyText = text;
    }
    return text;
  }

  /**
   * Returns whether the sampled body contains {@code needle}, compared case-sensitively.
   *
   * @param needle the text to find, matched against the ISO-8859-1 {@link #bodyText()}
   * @return true when found
   * @throws NullPointerException if {@code needle} is null
   */
  public boolean bodyContains(String needle) {
    return bodyText().contains(requireNonNull(needle, "needle"));
  }
}
