package dev.failsoft.testing;

import static dev.failsoft.diagnosis.FailureKind.CONNECTION_READ_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.CONNECTION_REFUSED;
import static dev.failsoft.diagnosis.FailureKind.CONNECTION_TERMINATED;
import static dev.failsoft.diagnosis.FailureKind.CONNECTION_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.DESTINATION_UNAVAILABLE;
import static dev.failsoft.diagnosis.FailureKind.DNS_ERROR;
import static dev.failsoft.diagnosis.FailureKind.DNS_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.HTTP_PROTOCOL_ERROR;
import static dev.failsoft.diagnosis.FailureKind.HTTP_RESPONSE_HEADER_SECTION_SIZE;
import static dev.failsoft.diagnosis.FailureKind.HTTP_RESPONSE_INCOMPLETE;
import static dev.failsoft.diagnosis.FailureKind.HTTP_RESPONSE_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.ORIGIN_ERROR;
import static dev.failsoft.diagnosis.FailureKind.RATE_LIMITED;
import static dev.failsoft.diagnosis.FailureKind.SERVICE_UNAVAILABLE;
import static java.nio.charset.StandardCharsets.ISO_8859_1;

import dev.failsoft.diagnosis.FailureKind;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The failure modes the capture harness puts behind every real proxy, each with the truth a
 * diagnosis is scored against: which hop really answered (the proxy, or the origin whose answer the
 * proxy relayed) and which RFC 9209 error types are correct for it. A family ({@code bad_gateway},
 * {@code gateway_timeout}, {@code service_unavailable}) or {@code unknown} is never wrong, only
 * less precise; a specific type outside {@link #rightKinds()} is confidently wrong.
 */
public enum CaptureCase {
  /** Nothing listens on the origin port: the connect is refused. */
  REFUSED(false, CONNECTION_REFUSED, DESTINATION_UNAVAILABLE),
  /** The origin's accept queue is full: SYNs are dropped and the connect times out. */
  SYN_DROP(false, CONNECTION_TIMEOUT, DESTINATION_UNAVAILABLE),
  /** The origin name does not resolve. */
  DNS_FAIL(false, DNS_ERROR, DNS_TIMEOUT, DESTINATION_UNAVAILABLE),
  /** The origin reads the request and never answers. */
  HANG(false, HTTP_RESPONSE_TIMEOUT, CONNECTION_READ_TIMEOUT),
  /** The origin reads the request and resets the connection. */
  RESET(false, CONNECTION_TERMINATED, HTTP_RESPONSE_INCOMPLETE),
  /** The origin reads the request and closes without a byte. */
  CLOSE(false, CONNECTION_TERMINATED, HTTP_RESPONSE_INCOMPLETE),
  /** The origin answers bytes that are not HTTP. */
  GARBAGE(false, HTTP_PROTOCOL_ERROR),
  /** The origin answers a header name holding a NUL byte. */
  INVALID_HEADER(false, HTTP_PROTOCOL_ERROR),
  /** The origin answers a 70 000-byte header, beyond every proxy's default buffer. */
  TOO_BIG_HEADER(false, HTTP_RESPONSE_HEADER_SECTION_SIZE, HTTP_PROTOCOL_ERROR),
  /** The origin itself answers 500 with a JSON body. */
  ORIGIN_500(true, ORIGIN_ERROR),
  /** The origin itself answers 503 with Retry-After (maintenance or rate limiting). */
  ORIGIN_503_RETRY_AFTER(true, RATE_LIMITED, SERVICE_UNAVAILABLE, ORIGIN_ERROR),
  /** The origin itself answers 502 from an application gateway with its own Server product. */
  ORIGIN_502_APP(true, ORIGIN_ERROR);

  /** A Server product Failsoft does not know, as an application behind the proxy would send. */
  public static final String APP_SERVER = "acme-billing/4.2";

  private final boolean originAnswers;
  private final Set<FailureKind> right;

  CaptureCase(boolean originAnswers, FailureKind first, FailureKind... more) {
    this.originAnswers = originAnswers;
    this.right = EnumSet.of(first, more);
  }

  /** Returns true when the origin wrote the answer and the proxy only relayed it. */
  public boolean originAnswers() {
    return originAnswers;
  }

  /** Returns the specific kinds that are right for this case. */
  public Set<FailureKind> rightKinds() {
    return right;
  }

  /** Returns the fixture name stem: lower case with dashes, e.g. {@code too-big-header}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Returns the case whose {@link #id()} is {@code id}. */
  public static CaptureCase ofId(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  /** Returns the raw answer of the origin for the cases where it answers in HTTP. */
  public byte[] originResponse() {
    String head;
    String body;
    switch (this) {
      case INVALID_HEADER -> {
        return "HTTP/1.1 200 OK\r\nBad\0Name: y\r\nContent-Length: 2\r\n\r\nhi"
            .getBytes(ISO_8859_1);
      }
      case TOO_BIG_HEADER -> {
        return ("HTTP/1.1 200 OK\r\nX-Big: "
                + "a".repeat(70_000)
                + "\r\nContent-Length: 2\r\n\r\nhi")
            .getBytes(ISO_8859_1);
      }
      case ORIGIN_500 -> {
        head = "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n";
        body = "{\"error\":\"database unavailable\"}";
      }
      case ORIGIN_503_RETRY_AFTER -> {
        head =
            "HTTP/1.1 503 Service Unavailable\r\nServer: "
                + APP_SERVER
                + "\r\nRetry-After: 30\r\nContent-Type: application/json\r\n";
        body = "{\"error\":\"maintenance\",\"retry_in\":30}";
      }
      case ORIGIN_502_APP -> {
        head =
            "HTTP/1.1 502 Bad Gateway\r\nServer: "
                + APP_SERVER
                + "\r\nContent-Type: application/json\r\n";
        body = "{\"error\":\"payment provider did not answer\",\"code\":\"PSP_DOWN\"}";
      }
      default -> {
        head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n";
        body = "hello";
      }
    }
    return (head + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
        .getBytes(ISO_8859_1);
  }

  /** Returns the FaultServer mode that plays this case (REFUSED, SYN_DROP, DNS_FAIL use none). */
  public FaultServer.Mode mode() {
    return switch (this) {
      case HANG -> FaultServer.Mode.HANG;
      case RESET -> FaultServer.Mode.RESET;
      case CLOSE -> FaultServer.Mode.CLOSE_AFTER_REQUEST;
      case GARBAGE -> FaultServer.Mode.GARBAGE;
      default -> FaultServer.Mode.OK;
    };
  }
}
