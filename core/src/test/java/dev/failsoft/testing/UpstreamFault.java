package dev.failsoft.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;

/**
 * The upstream failures the real-proxy tests put behind nginx and HAProxy, each set up on a {@link
 * FaultServer} (or a closed port) by {@link #arm(FaultServer)}.
 */
public enum UpstreamFault {
  /** Nothing listens on the upstream port: the proxy's connect is refused. */
  REFUSED,
  /** The upstream reads the request and never answers. */
  HANG,
  /** The upstream reads the request and resets the connection (TCP RST). */
  RESET,
  /** The upstream answers bytes that are not HTTP. */
  GARBAGE,
  /** The upstream answers a valid status line but a header name holding a NUL byte. */
  INVALID_HEADER,
  /** The upstream answers a 10 000-byte header, larger than proxies buffer by default (4-8 KB). */
  TOO_BIG_HEADER,
  /** The upstream is healthy and itself answers 500 with an application body. */
  ORIGIN_500;

  /** The JSON body of {@link #ORIGIN_500}. */
  public static final String ORIGIN_BODY = "{\"error\":\"database unavailable\"}";

  /**
   * Makes {@code server} behave this way and returns the port a proxy should forward to (for {@link
   * #REFUSED}, a closed port; {@code server} is then left untouched).
   */
  public int arm(FaultServer server) throws IOException {
    return switch (this) {
      case REFUSED -> FaultServer.closedPort();
      case HANG -> server.mode(FaultServer.Mode.HANG).port();
      case RESET -> server.mode(FaultServer.Mode.RESET).port();
      case GARBAGE -> server.mode(FaultServer.Mode.GARBAGE).port();
      case INVALID_HEADER ->
          server
              .respond(
                  "HTTP/1.1 200 OK\r\nBad\0Name: y\r\nContent-Length: 2\r\n\r\nhi"
                      .getBytes(ISO_8859_1))
              .port();
      case TOO_BIG_HEADER ->
          server
              .respond(
                  ("HTTP/1.1 200 OK\r\nX-Big: "
                          + "a".repeat(10_000)
                          + "\r\nContent-Length: 2\r\n\r\nhi")
                      .getBytes(ISO_8859_1))
              .port();
      case ORIGIN_500 ->
          server.respond(500, "Internal Server Error", "application/json", ORIGIN_BODY).port();
    };
  }

  /** Returns how many requests the upstream should have read: none when refused, else one. */
  public int expectedUpstreamRequests() {
    return this == REFUSED ? 0 : 1;
  }

  /** Returns a request path naming this fault, so log lines show which case they belong to. */
  public String path() {
    return "/" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
