package dev.failsoft.cli.internal;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.http.HttpDate;
import dev.failsoft.okhttp.UpstreamFailureException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;

/**
 * The gateway's proxy leg: a blocking servlet that forwards each request to the upstream through
 * OkHttp with Failsoft installed and copies the answer back — method, end-to-end headers, request
 * body (streamed, never replayed) and response body (streamed). Blocking on purpose: the stale
 * filter in front of it can replace a failure only while the response is not committed, which an
 * asynchronous proxy servlet would not let it see.
 *
 * <p>An upstream failure that leaves no response (refused, reset, timed out, garbage) becomes a
 * 502, or 504 for a timeout, with an RFC 9209 {@code Proxy-Status} naming the failure, which the
 * filter may replace with a stale copy; a failure mid-body aborts the client's connection, since
 * the head was already sent. Thread-safe.
 */
final class UpstreamServlet extends HttpServlet {
  /** RFC 9110 §7.6.1: fields that describe one connection, never forwarded. */
  static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "proxy-authenticate",
          "proxy-authorization");

  private final OkHttpClient client;
  private final HttpUrl upstream;
  private final String name;
  private final AtomicReference<Diagnosis> lastFailure = new AtomicReference<>();

  UpstreamServlet(OkHttpClient client, HttpUrl upstream, String name) {
    this.client = requireNonNull(client, "client");
    this.upstream = requireNonNull(upstream, "upstream");
    this.name = requireNonNull(name, "name");
  }

  /** Returns the diagnosis of the latest upstream failure, if any happened. */
  Optional<Diagnosis> lastFailure() {
    return Optional.ofNullable(lastFailure.get());
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    AtomicBoolean clientFault = new AtomicBoolean();
    Request request = forward(req, clientFault);
    Call call = client.newCall(request);
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      if (clientFault.get()) {
        answerBadRequest(resp, e);
      } else {
        answerFailure(resp, e);
      }
      return;
    }
    try (response) {
      if (response.code() >= 500 || response.code() == 429) {
        dev.failsoft.okhttp.Failsoft.diagnosisOf(response).ifPresent(lastFailure::set);
      }
      copyBack(response, req, resp);
    }
  }

  private Request forward(HttpServletRequest req, AtomicBoolean clientFault) throws IOException {
    String method = req.getMethod();
    HttpUrl.Builder url = upstream.newBuilder();
    String path = req.getRequestURI();
    // the upstream URL's own path is a prefix: --upstream http://app:8080/base
    String base =
        upstream.encodedPath().endsWith("/")
            ? upstream.encodedPath().substring(0, upstream.encodedPath().length() - 1)
            : upstream.encodedPath();
    url.encodedPath(base + (path == null || path.isEmpty() ? "/" : path));
    url.encodedQuery(req.getQueryString());
    Request.Builder b = new Request.Builder().url(url.build());
    Set<String> connectionNamed = connectionTokens(req.getHeaders("Connection"));
    for (String header : Collections.list(req.getHeaderNames())) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(lower)
          || connectionNamed.contains(lower)
          || lower.equals("host")
          || lower.equals("content-length")) {
        continue;
      }
      for (String value : Collections.list(req.getHeaders(header))) {
        b.addHeader(header, value);
      }
    }
    String host = req.getHeader("Host");
    if (host != null) {
      b.header("X-Forwarded-Host", host);
    }
    b.addHeader("X-Forwarded-For", req.getRemoteAddr());
    b.header("X-Forwarded-Proto", req.getScheme());
    b.addHeader("Via", req.getProtocol().replace("HTTP/", "") + " " + name);
    b.method(method, body(req, method, clientFault));
    return b.build();
  }

  private static RequestBody body(
      HttpServletRequest req, String method, AtomicBoolean clientFault) {
    long length = req.getContentLengthLong();
    boolean chunked = req.getHeader("Transfer-Encoding") != null;
    if (length <= 0 && !chunked) {
      // OkHttp insists on a body for these methods (RFC 9110 lets them have an empty one).
      return switch (method) {
        case "POST", "PUT", "PATCH", "PROPPATCH", "REPORT" -> RequestBody.create(new byte[0]);
        default -> null;
      };
    }
    String type = req.getContentType();
    MediaType media = type == null ? null : MediaType.parse(type);
    return new RequestBody() {
      @Override
      public MediaType contentType() {
        return media;
      }

      @Override
      public long contentLength() {
        return chunked ? -1 : length;
      }

      @Override
      public boolean isOneShot() {
        return true; // the client's body streams through once; Failsoft never replays it
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        InputStream in = req.getInputStream();
        byte[] buf = new byte[16 * 1024];
        while (true) {
          int n;
          try {
            n = in.read(buf);
          } catch (IOException | RuntimeException e) {
            // The client's body is malformed (a bad chunk size) or cut short: its error, not the
            // upstream's. The container may report it unchecked; OkHttp expects an IOException.
            clientFault.set(true);
            throw new IOException("the client's request body could not be read: " + e, e);
          }
          if (n < 0) {
            return;
          }
          sink.write(buf, 0, n);
        }
      }
    };
  }

  private static void copyBack(Response response, HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    resp.setStatus(response.code());
    Set<String> connectionNamed =
        connectionTokens(Collections.enumeration(response.headers("Connection")));
    for (String header : response.headers().names()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(lower)
          || connectionNamed.contains(lower)
          || lower.equals("content-length")) {
        continue;
      }
      for (String value : response.headers(header)) {
        resp.addHeader(header, value);
      }
    }
    ResponseBody body = response.body();
    // The body is re-framed here: the upstream's framing fields never describe it. Only the length
    // OkHttp framed it by is passed on (none when it was chunked or decoded).
    long length = body == null ? -1 : body.contentLength();
    if (length >= 0 && response.header("Transfer-Encoding") == null) {
      resp.setContentLengthLong(length);
    }
    if ("HEAD".equals(req.getMethod()) || body == null) {
      return;
    }
    boolean stream =
        Optional.ofNullable(response.header("Content-Type"))
            .map(t -> t.startsWith("text/event-stream"))
            .orElse(false);
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = body.byteStream()) {
      OutputStream out = resp.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        if (stream) {
          out.flush(); // an event stream is consumed as it arrives
        }
      }
    }
  }

  /** The client sent a request body that could not be read: a 400, and the connection closed. */
  private static void answerBadRequest(HttpServletResponse resp, IOException e) throws IOException {
    if (resp.isCommitted()) {
      throw e;
    }
    resp.setStatus(400);
    resp.setContentType("text/plain;charset=utf-8");
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("Connection", "close");
    resp.getOutputStream()
        .write("400 Bad Request\nthe request body is malformed\n".getBytes(StandardCharsets.UTF_8));
  }

  private void answerFailure(HttpServletResponse resp, IOException e) throws IOException {
    Diagnosis d = e instanceof UpstreamFailureException f ? f.diagnosis() : null;
    if (d != null) {
      lastFailure.set(d);
    }
    if (resp.isCommitted()) {
      throw e; // the head is out: aborting the connection is the only honest signal
    }
    FailureAnswer answer = FailureAnswer.of(name, e, d);
    resp.setStatus(answer.status());
    resp.setContentType("text/plain;charset=utf-8");
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("Date", HttpDate.format(Instant.now()));
    resp.setHeader("Proxy-Status", answer.proxyStatus());
    String text = answer.text();
    resp.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Set<String> connectionTokens(java.util.Enumeration<String> values) {
    Set<String> tokens = new HashSet<>();
    if (values == null) {
      return tokens;
    }
    for (String v : Collections.list(values)) {
      for (String t : v.split(",")) {
        tokens.add(t.strip().toLowerCase(Locale.ROOT));
      }
    }
    return tokens;
  }
}
