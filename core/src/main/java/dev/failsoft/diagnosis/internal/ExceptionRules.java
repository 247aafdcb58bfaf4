package dev.failsoft.diagnosis.internal;

import static dev.failsoft.diagnosis.FailureKind.CANCELED;
import static dev.failsoft.diagnosis.FailureKind.CONNECTION_READ_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.CONNECTION_REFUSED;
import static dev.failsoft.diagnosis.FailureKind.CONNECTION_TERMINATED;
import static dev.failsoft.diagnosis.FailureKind.CONNECTION_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.DESTINATION_IP_UNROUTABLE;
import static dev.failsoft.diagnosis.FailureKind.DNS_ERROR;
import static dev.failsoft.diagnosis.FailureKind.DNS_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.HTTP_PROTOCOL_ERROR;
import static dev.failsoft.diagnosis.FailureKind.HTTP_RESPONSE_HEADER_SECTION_SIZE;
import static dev.failsoft.diagnosis.FailureKind.HTTP_RESPONSE_INCOMPLETE;
import static dev.failsoft.diagnosis.FailureKind.HTTP_RESPONSE_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.HTTP_STREAM_RESET;
import static dev.failsoft.diagnosis.FailureKind.TLS_ALERT_RECEIVED;
import static dev.failsoft.diagnosis.FailureKind.TLS_CERTIFICATE_ERROR;
import static dev.failsoft.diagnosis.FailureKind.TLS_PROTOCOL_ERROR;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The rules that map one link of a cause chain to a verdict, from what the JDK, OkHttp 4/5, Jetty
 * 12's HttpClient, {@code java.net.http} and {@code HttpURLConnection} really throw.
 *
 * <p>JDK types are matched with {@code instanceof}; {@code java.net.http}, OkHttp and Jetty types
 * by class name up the superclass chain, so core needs none of them (nor the {@code java.net.http}
 * module) at run time. Messages are matched with {@code startsWith}/{@code contains} and an
 * allocation-free case-insensitive scan; no regex.
 */
final class ExceptionRules {

  /**
   * What one link says: the kind, the phase it implies ({@code null} when it implies none) and
   * whether it is definite or only tentative (a deeper link may know better).
   */
  record Verdict(FailureKind kind, Phase phase, boolean definite) {}

  // okio writes a backslash and an "n", not a line feed.
  private static final String OKIO_NO_NEWLINE = "\\n not found: limit=";
  private static final long OKHTTP_LONG_LINE = 64 * 1024;

  private ExceptionRules() {}

  private static final int PHASE_SLOTS = Phase.values().length + 1;

  /** Every possible verdict, made once, so matching allocates nothing. */
  private static final Verdict[] VERDICTS = allVerdicts();

  private static Verdict[] allVerdicts() {
    FailureKind[] kinds = FailureKind.values();
    Phase[] phases = Phase.values();
    Verdict[] all = new Verdict[kinds.length * PHASE_SLOTS * 2];
    for (FailureKind kind : kinds) {
      for (int p = 0; p <= phases.length; p++) {
        Phase phase = p == 0 ? null : phases[p - 1];
        all[index(kind, phase, true)] = new Verdict(kind, phase, true);
        all[index(kind, phase, false)] = new Verdict(kind, phase, false);
      }
    }
    return all;
  }

  private static int index(FailureKind kind, Phase phase, boolean definite) {
    int p = phase == null ? 0 : phase.ordinal() + 1;
    return (kind.ordinal() * PHASE_SLOTS + p) * 2 + (definite ? 1 : 0);
  }

  private static Verdict definite(FailureKind kind, Phase phase) {
    return VERDICTS[index(kind, phase, true)];
  }

  private static Verdict tentative(FailureKind kind, Phase phase) {
    return VERDICTS[index(kind, phase, false)];
  }

  /**
   * Returns the verdict for {@code t}, or null when this link says nothing (a wrapper, an unknown
   * type). {@code message} is {@code t}'s message, never null.
   */
  static Verdict match(Throwable t, String message) {
    if (t instanceof IOException) {
      Verdict v = io((IOException) t, message);
      if (v != null) {
        return v;
      }
    } else if (t instanceof CertificateException || t instanceof CertPathValidatorException) {
      return definite(TLS_CERTIFICATE_ERROR, Phase.TLS);
    } else if (t instanceof UnresolvedAddressException) {
      // java.net.http resolves through NIO, which says this instead of UnknownHostException.
      return definite(DNS_ERROR, Phase.DNS);
    } else if (t instanceof CancellationException || t instanceof InterruptedException) {
      return definite(CANCELED, null);
    } else if (t instanceof TimeoutException) {
      return timeout(message);
    }
    return byName(t, message);
  }

  private static Verdict io(IOException t, String message) {
    if (t instanceof UnknownHostException) {
      // glibc's EAI_AGAIN ("Temporary failure in name resolution") is what a resolver that does
      // not answer in time produces; NXDOMAIN and "no address" are answers, so DNS errors.
      return containsIgnoreCase(message, "temporary failure")
              || containsIgnoreCase(message, "timed out")
              || containsIgnoreCase(message, "timeout")
          ? definite(DNS_TIMEOUT, Phase.DNS)
          : definite(DNS_ERROR, Phase.DNS);
    }
    if (t instanceof NoRouteToHostException) {
      return definite(DESTINATION_IP_UNROUTABLE, Phase.CONNECT);
    }
    if (t instanceof SSLException) {
      return tls((SSLException) t, message);
    }
    if (t instanceof SocketTimeoutException) {
      // JDK "Connect timed out", Jetty "Connect Timeout"; "Read timed out" and OkHttp's "timeout"
      // come from a read that waited for the next byte.
      return containsIgnoreCase(message, "connect time")
          ? definite(CONNECTION_TIMEOUT, Phase.CONNECT)
          : definite(CONNECTION_READ_TIMEOUT, Phase.RESPONSE_HEADERS);
    }
    if (t instanceof ConnectException) {
      if (containsIgnoreCase(message, "refused")) {
        return definite(CONNECTION_REFUSED, Phase.CONNECT);
      }
      if (containsIgnoreCase(message, "timed out")) {
        return definite(CONNECTION_TIMEOUT, Phase.CONNECT);
      }
      if (containsIgnoreCase(message, "unreachable") || containsIgnoreCase(message, "no route")) {
        return definite(DESTINATION_IP_UNROUTABLE, Phase.CONNECT);
      }
      // The JDK documents ConnectException as typically a refusal; OkHttp's "Failed to connect
      // to" and java.net.http's bare ConnectException wrap the precise one, so look deeper first.
      return tentative(CONNECTION_REFUSED, Phase.CONNECT);
    }
    if (t instanceof ClosedByInterruptException) {
      return definite(CANCELED, null);
    }
    if (t instanceof ClosedChannelException) {
      // Jetty's selector closes the channel when the peer goes away mid-write, and the writer
      // then sees AsynchronousCloseException; tentative, since a wrapper may know better.
      return tentative(CONNECTION_TERMINATED, null);
    }
    if (t.getClass() == InterruptedIOException.class) {
      // OkHttp's callTimeout throws exactly InterruptedIOException("timeout"); a bare one is a
      // thread interrupted in blocking I/O.
      return message.equals("timeout")
          ? definite(HTTP_RESPONSE_TIMEOUT, null)
          : definite(CANCELED, null);
    }
    if (t instanceof ProtocolException) {
      return protocol(message);
    }
    Verdict byMessage = ioMessage(t, message);
    if (byMessage != null) {
      return byMessage;
    }
    if (t instanceof EOFException) {
      return eof(message);
    }
    return null;
  }

  private static Verdict tls(SSLException t, String message) {
    if (t instanceof SSLPeerUnverifiedException
        || message.contains("PKIX path")
        || containsIgnoreCase(message, "certificate")
        || message.contains("subject alternative")
        || message.contains("not verified")) {
      // "Received fatal alert: bad_certificate" is the peer rejecting ours: still an alert.
      if (message.contains("fatal alert")) {
        return definite(TLS_ALERT_RECEIVED, Phase.TLS);
      }
      return definite(TLS_CERTIFICATE_ERROR, Phase.TLS);
    }
    if (message.contains("fatal alert")) {
      return definite(TLS_ALERT_RECEIVED, Phase.TLS);
    }
    if (containsIgnoreCase(message, "terminated the handshake")) {
      // The peer closed the connection instead of answering the ClientHello.
      return definite(CONNECTION_TERMINATED, Phase.TLS);
    }
    if (containsIgnoreCase(message, "unrecognized ssl message")
        || message.contains("protocol_version")
        || message.contains("handshake_failure")
        || message.contains("No appropriate protocol")
        || message.contains("plaintext")) {
      return definite(TLS_PROTOCOL_ERROR, Phase.TLS);
    }
    // A handshake exception often wraps the certificate failure that caused it.
    return t instanceof SSLHandshakeException
        ? tentative(TLS_PROTOCOL_ERROR, Phase.TLS)
        : tentative(TLS_PROTOCOL_ERROR, null);
  }

  private static Verdict protocol(String message) {
    if (message.startsWith("Too many follow-up requests")
        || message.startsWith("Server redirected too many")) {
      // OkHttp / HttpURLConnection redirect loops: the exchanges themselves were valid HTTP.
      return null;
    }
    if (message.equals("unexpected end of stream")) {
      // OkHttp's fixed-length body source: the body ended before Content-Length bytes.
      return definite(HTTP_RESPONSE_INCOMPLETE, Phase.RESPONSE_BODY);
    }
    if (message.startsWith("Expected leading [0-9a-fA-F]") || message.contains("chunk")) {
      return definite(HTTP_PROTOCOL_ERROR, Phase.RESPONSE_BODY);
    }
    if (isHeaderTooLarge(message)) {
      return definite(HTTP_RESPONSE_HEADER_SECTION_SIZE, Phase.RESPONSE_HEADERS);
    }
    if (message.startsWith("Unexpected status line")
        || containsIgnoreCase(message, "status line")
        || containsIgnoreCase(message, "header")) {
      return definite(HTTP_PROTOCOL_ERROR, Phase.RESPONSE_HEADERS);
    }
    return tentative(HTTP_PROTOCOL_ERROR, null);
  }

  /** Message rules that apply to any IOException type (clients disagree on the class). */
  private static Verdict ioMessage(Throwable t, String message) {
    if (message.isEmpty()) {
      return null;
    }
    if (message.equals("Canceled")) {
      return definite(CANCELED, null);
    }
    if (message.equals("Socket closed") || message.equals("Socket is closed")) {
      // The JDK says this only when this side closed the socket (a peer's close reads as EOF
      // or a reset): OkHttp's Call.cancel() mid-exchange, or the client shutting down.
      return tentative(CANCELED, null);
    }
    if (containsIgnoreCase(message, "broken pipe")) {
      // EPIPE is raised by a write: the request was being sent when the peer went away.
      return definite(CONNECTION_TERMINATED, Phase.REQUEST);
    }
    if (containsIgnoreCase(message, "connection reset")) {
      return definite(CONNECTION_TERMINATED, null);
    }
    if (message.startsWith("unexpected end of stream on ")) {
      // OkHttp, reading the response head. RFC 9209 §2.3: connection_terminated means closed
      // before any part of the response arrived; http_response_incomplete, cut short after some.
      // OkHttp's cause is okio's EOFException "\n not found: limit=N", N the bytes received.
      Throwable cause = ExceptionClassifier.causeOf(t);
      long received = cause == null ? -1 : okioLimit(ExceptionClassifier.messageOf(cause));
      if (received == 0) {
        return definite(CONNECTION_TERMINATED, Phase.RESPONSE_HEADERS);
      }
      // okio reports min(bytes buffered, line limit); OkHttp gives the head 256 KiB. A line of
      // 64 KiB or more without a newline is the header limit being hit, not a response cut short.
      return received >= OKHTTP_LONG_LINE
          ? definite(HTTP_RESPONSE_HEADER_SECTION_SIZE, Phase.RESPONSE_HEADERS)
          : definite(HTTP_RESPONSE_INCOMPLETE, Phase.RESPONSE_HEADERS);
    }
    if (okioLimit(message) == 0) {
      return definite(CONNECTION_TERMINATED, null);
    }
    if (message.startsWith("Unexpected end of file from server")
        || message.contains("header parser received no bytes")) {
      // HttpURLConnection and java.net.http: the server closed without a byte of response.
      return definite(CONNECTION_TERMINATED, Phase.RESPONSE_HEADERS);
    }
    if (message.startsWith("Premature EOF")
        || message.startsWith("EOF reached while reading")
        || message.startsWith("fixed content-length:")) {
      // HttpURLConnection / java.net.http reading a body that stopped early.
      return definite(HTTP_RESPONSE_INCOMPLETE, Phase.RESPONSE_BODY);
    }
    if (isHeaderTooLarge(message)) {
      return definite(HTTP_RESPONSE_HEADER_SECTION_SIZE, Phase.RESPONSE_HEADERS);
    }
    if (message.startsWith("Invalid status line")
        || message.startsWith("Unexpected status line")
        || message.startsWith("Invalid response")) {
      return definite(HTTP_PROTOCOL_ERROR, Phase.RESPONSE_HEADERS);
    }
    return null;
  }

  /**
   * Jetty's HttpClient throws {@code EOFException} with its connection's state as the message; the
   * receiver state tells whether any of the response had arrived.
   */
  private static Verdict eof(String message) {
    if (message.contains("HttpConnectionOverHTTP")) {
      if (message.contains("rsp=CONTENT")) {
        return definite(HTTP_RESPONSE_INCOMPLETE, Phase.RESPONSE_BODY);
      }
      if (message.contains("rsp=IDLE") && message.contains("res=HttpResponse[null 0 null]")) {
        // RFC 9209 §2.3: closed before any part of the response: connection_terminated.
        return definite(CONNECTION_TERMINATED, Phase.RESPONSE_HEADERS);
      }
      if (message.contains("rsp=")) {
        return definite(HTTP_RESPONSE_INCOMPLETE, Phase.RESPONSE_HEADERS);
      }
    }
    // Also Jetty's org.eclipse.jetty.io.EofException: the peer closed mid-exchange.
    return tentative(CONNECTION_TERMINATED, null);
  }

  private static Verdict timeout(String message) {
    if (message.startsWith("Idle timeout")) {
      // Jetty: no bytes within the idle timeout, i.e. a read (or write) timeout.
      return definite(CONNECTION_READ_TIMEOUT, Phase.RESPONSE_HEADERS);
    }
    if (message.startsWith("Total timeout")) {
      // Jetty's Request.timeout(): the whole exchange took too long.
      return definite(HTTP_RESPONSE_TIMEOUT, null);
    }
    if (containsIgnoreCase(message, "connect")) {
      return definite(CONNECTION_TIMEOUT, Phase.CONNECT);
    }
    return tentative(HTTP_RESPONSE_TIMEOUT, null);
  }

  /** Rules for types core cannot link to, matched by name up the superclass chain. */
  private static Verdict byName(Throwable t, String message) {
    chain:
    for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      switch (c.getName()) {
        case "java.net.http.HttpConnectTimeoutException":
          return definite(CONNECTION_TIMEOUT, Phase.CONNECT);
        case "java.net.http.HttpTimeoutException":
          // HttpRequest.timeout() covers the wait until the response headers arrive.
          return definite(HTTP_RESPONSE_TIMEOUT, Phase.RESPONSE_HEADERS);
        case "okhttp3.internal.http2.StreamResetException":
          return definite(HTTP_STREAM_RESET, null);
        case "okhttp3.internal.http2.ConnectionShutdownException":
          return definite(CONNECTION_TERMINATED, null);
        case "org.eclipse.jetty.http.BadMessageException":
        case "org.eclipse.jetty.http.HttpException$RuntimeException":
        case "org.eclipse.jetty.http.HttpException$IllegalArgumentException":
          return isHeaderTooLarge(message) || message.startsWith("431")
              ? definite(HTTP_RESPONSE_HEADER_SECTION_SIZE, Phase.RESPONSE_HEADERS)
              : definite(HTTP_PROTOCOL_ERROR, Phase.RESPONSE_HEADERS);
        case "org.eclipse.jetty.client.HttpResponseException":
          // "HTTP protocol violation: bad response on …", often wrapping a BadMessageException.
          return tentative(HTTP_PROTOCOL_ERROR, Phase.RESPONSE_HEADERS);
        case "java.lang.Throwable":
        case "java.lang.Exception":
        case "java.lang.RuntimeException":
        case "java.io.IOException":
          // Generic types name nothing; only their message may.
          break chain;
        default:
          break;
      }
    }
    if (message.contains("stream was reset") || message.contains("RST_STREAM")) {
      return definite(HTTP_STREAM_RESET, null);
    }
    return null;
  }

  /** Returns N from okio's {@code "\\n not found: limit=N content=…"}, or -1. */
  static long okioLimit(String message) {
    if (!message.startsWith(OKIO_NO_NEWLINE)) {
      return -1;
    }
    long n = -1;
    for (int i = OKIO_NO_NEWLINE.length(); i < message.length() && i < 40; i++) {
      char c = message.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      n = (n < 0 ? 0 : n * 10) + (c - '0');
    }
    return n;
  }

  private static boolean isHeaderTooLarge(String message) {
    return containsIgnoreCase(message, "header")
        && (containsIgnoreCase(message, "too large")
            || containsIgnoreCase(message, "too big")
            || containsIgnoreCase(message, "too long")
            || containsIgnoreCase(message, "exceed"));
  }

  /** Returns true when {@code needle} (ASCII) occurs in {@code s}, ignoring case; no allocation. */
  static boolean containsIgnoreCase(String s, String needle) {
    int last = s.length() - needle.length();
    for (int i = 0; i <= last; i++) {
      if (s.regionMatches(true, i, needle, 0, needle.length())) {
        return true;
      }
    }
    return false;
  }
}
