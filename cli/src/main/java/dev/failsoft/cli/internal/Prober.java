package dev.failsoft.cli.internal;

import static java.util.Objects.requireNonNull;

import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.ResponseSample;
import dev.failsoft.http.Headers;
import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Walks one HTTP/1.1 exchange phase by phase on plain sockets — name lookup, TCP connect, TLS
 * handshake, request write, first byte, headers, body — timing each, and stops at the phase that
 * fails. A failure (an exception in a phase, or a 5xx/429 answer) is diagnosed by core's {@link
 * Diagnoser} with the phase the probe tracked. Each phase waits at most the timeout. Immutable;
 * each {@link #probe} opens its own connection.
 */
final class Prober {
  /** The body bytes read at most; the rest is not waited for. */
  static final long MAX_BODY = 16L * 1024 * 1024;

  private final Duration timeout;
  private final String method;
  private final Headers extraHeaders;
  private final boolean insecure;

  Prober(Duration timeout, String method, Headers extraHeaders, boolean insecure) {
    this.timeout = requireNonNull(timeout, "timeout");
    this.method = requireNonNull(method, "method");
    this.extraHeaders = requireNonNull(extraHeaders, "extraHeaders");
    this.insecure = insecure;
  }

  /**
   * One phase's outcome.
   *
   * @param name the phase's name in output: dns, connect, tls, request, first_byte, headers, body
   * @param nanos how long it took
   * @param ok false for the phase that failed
   * @param detail what it found (addresses, TLS version, status line, body size) or the error
   */
  record Step(String name, long nanos, boolean ok, String detail) {}

  /**
   * The probe's outcome.
   *
   * @param uri what was probed
   * @param steps the phases walked, in order; the last one failed when {@code failure} is set
   * @param head the response head, when it arrived
   * @param failure what stopped the probe, when something did
   * @param diagnosis the diagnosis of the failure or failing response, when there is one
   */
  record Result(
      URI uri,
      List<Step> steps,
      Optional<ResponseHead> head,
      Optional<Throwable> failure,
      Optional<Diagnosis> diagnosis) {
    boolean failing() {
      return diagnosis.isPresent();
    }

    long totalNanos() {
      return steps.stream().mapToLong(Step::nanos).sum();
    }
  }

  /** Probes {@code uri}, an absolute http or https URI. Never throws. */
  Result probe(URI uri) {
    Run run = new Run(uri);
    try {
      run.exchange();
    } catch (Exception e) {
      return run.failed(e);
    } finally {
      run.close();
    }
    return run.result();
  }

  /** Mutable state of one probe. */
  private final class Run {
    private final URI uri;
    private final RequestHead request;
    private final List<Step> steps = new ArrayList<>();
    private Phase phase = Phase.DNS;
    private String stepName = "dns";
    private long started;
    private Socket socket;
    private ResponseHead head;
    private Diagnosis diagnosis;

    Run(URI uri) {
      this.uri = uri;
      this.request = new RequestHead(method, uri, extraHeaders);
    }

    void exchange() throws Exception {
      boolean tls = "https".equalsIgnoreCase(uri.getScheme());
      String host = uri.getHost();
      int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;

      begin(Phase.DNS, "dns");
      InetAddress[] addresses = resolve(host);
      end(join(addresses));

      begin(Phase.CONNECT, "connect");
      socket = connect(addresses, port);
      end(socket.getInetAddress().getHostAddress() + ":" + port);
      socket.setSoTimeout(timeoutMillis());

      if (tls) {
        begin(Phase.TLS, "tls");
        SSLSocket ssl = handshake(socket, host, port);
        socket = ssl;
        end(ssl.getSession().getProtocol() + " " + ssl.getSession().getCipherSuite() + peer(ssl));
      }

      begin(Phase.REQUEST, "request");
      OutputStream out = socket.getOutputStream();
      out.write(requestBytes(host, port, tls));
      out.flush();
      end(method + " " + target() + " HTTP/1.1");

      begin(Phase.RESPONSE_HEADERS, "first_byte");
      InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      in.mark(1);
      if (in.read() < 0) {
        throw new EOFException("the server closed the connection without answering");
      }
      in.reset();
      end("");

      begin(Phase.RESPONSE_HEADERS, "headers");
      head = parseHead(HttpHead.read(in));
      end("HTTP " + head.status() + (head.reason().isEmpty() ? "" : " " + head.reason()));

      begin(Phase.RESPONSE_BODY, "body");
      byte[] prefix = readBody(in);
      if (ExplainCommand.isFailure(head.status())) {
        diagnosis = Diagnoser.standard().diagnose(request, head, prefix);
      }
    }

    private byte[] readBody(InputStream in) throws IOException {
      if ("HEAD".equals(method) || head.status() == 204 || head.status() == 304) {
        end("none");
        return new byte[0];
      }
      long expected = head.headers().first("Content-Length").map(Prober::parseLength).orElse(-1L);
      ByteArrayOutputStream prefix = new ByteArrayOutputStream();
      byte[] buf = new byte[16 * 1024];
      long total = 0;
      long limit = expected >= 0 ? Math.min(expected, MAX_BODY) : MAX_BODY;
      while (total < limit) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, limit - total));
        if (n < 0) {
          break;
        }
        if (prefix.size() < ResponseSample.MAX_BODY_BYTES) {
          prefix.write(buf, 0, Math.min(n, ResponseSample.MAX_BODY_BYTES - prefix.size()));
        }
        total += n;
      }
      if (expected >= 0 && total < Math.min(expected, MAX_BODY)) {
        throw new EOFException("the body ended after " + total + " of " + expected + " bytes");
      }
      end(total + " bytes" + (total >= MAX_BODY ? " (stopped reading at the limit)" : ""));
      return prefix.toByteArray();
    }

    private void begin(Phase next, String name) {
      phase = next;
      stepName = name;
      started = System.nanoTime();
    }

    private void end(String detail) {
      steps.add(new Step(stepName, System.nanoTime() - started, true, detail));
    }

    Result failed(Exception e) {
      steps.add(
          new Step(
              stepName,
              System.nanoTime() - started,
              false,
              e.getClass().getSimpleName()
                  + ": "
                  + (e.getMessage() == null ? "" : e.getMessage())));
      Diagnosis d = Diagnoser.standard().diagnose(request, e, phase);
      return new Result(
          uri, List.copyOf(steps), Optional.ofNullable(head), Optional.of(e), Optional.of(d));
    }

    Result result() {
      return new Result(
          uri,
          List.copyOf(steps),
          Optional.ofNullable(head),
          Optional.empty(),
          Optional.ofNullable(diagnosis));
    }

    void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // the probe is over; nothing depends on a clean close
        }
      }
    }

    private String target() {
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private byte[] requestBytes(String host, int port, boolean tls) {
      StringBuilder r = new StringBuilder(256);
      r.append(method).append(' ').append(target()).append(" HTTP/1.1\r\n");
      boolean defaultPort = port == (tls ? 443 : 80);
      String authority = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
      if (!extraHeaders.contains("Host")) {
        r.append("Host: ").append(authority).append(defaultPort ? "" : ":" + port).append("\r\n");
      }
      if (!extraHeaders.contains("User-Agent")) {
        r.append("User-Agent: failsoft-probe\r\n");
      }
      if (!extraHeaders.contains("Accept")) {
        r.append("Accept: */*\r\n");
      }
      for (Headers.Field f : extraHeaders) {
        r.append(f.name()).append(": ").append(f.value()).append("\r\n");
      }
      r.append("Connection: close\r\n\r\n");
      return r.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
  }

  private InetAddress[] resolve(String host) throws Exception {
    // InetAddress has no timeout of its own; bound the wait, leaving a slow resolver behind.
    CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                lookup.complete(InetAddress.getAllByName(host));
              } catch (Throwable e) {
                lookup.completeExceptionally(e);
              }
            },
            "failsoft-probe-dns");
    t.setDaemon(true);
    t.start();
    try {
      return lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new UnknownHostException(
          host + ": name lookup timed out after " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception c ? c : e;
    }
  }

  private Socket connect(InetAddress[] addresses, int port) throws IOException {
    IOException last = null;
    // Like curl, try each address in turn; report the last failure when none answers.
    for (InetAddress a : addresses) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(a, port), timeoutMillis());
        return s;
      } catch (IOException e) {
        s.close();
        last = e;
      }
    }
    throw last != null ? last : new UnknownHostException("no address to connect to");
  }

  private SSLSocket handshake(Socket plain, String host, int port)
      throws IOException, GeneralSecurityException {
    SSLSocketFactory factory = insecure ? trustAll() : SSLContext.getDefault().getSocketFactory();
    SSLSocket ssl = (SSLSocket) factory.createSocket(plain, host, port, true);
    if (!insecure) {
      SSLParameters p = ssl.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 9110 §4.3.4: check the name too
      ssl.setSSLParameters(p);
    }
    ssl.setSoTimeout(timeoutMillis());
    ssl.startHandshake();
    return ssl;
  }

  private static SSLSocketFactory trustAll() throws GeneralSecurityException {
    TrustManager accept =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(null, new TrustManager[] {accept}, null);
    return c.getSocketFactory();
  }

  private static String peer(SSLSocket ssl) {
    try {
      var certs = ssl.getSession().getPeerCertificates();
      return certs.length > 0 && certs[0] instanceof X509Certificate x
          ? "; " + x.getSubjectX500Principal().getName()
          : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static ResponseHead parseHead(byte[] bytes) throws ProtocolException {
    try {
      return HttpHead.parse(bytes);
    } catch (BadInput e) {
      // a garbage answer is the upstream's failure, not the user's input error
      throw new ProtocolException(e.getMessage());
    }
  }

  private static Long parseLength(String value) {
    try {
      long n = Long.parseLong(value.strip());
      return n < 0 ? -1L : n;
    } catch (NumberFormatException e) {
      return -1L;
    }
  }

  private int timeoutMillis() {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
  }

  private static String join(InetAddress[] addresses) {
    StringBuilder b = new StringBuilder();
    for (InetAddress a : addresses) {
      b.append(b.length() == 0 ? "" : ", ").append(a.getHostAddress());
    }
    return b.toString();
  }
}
