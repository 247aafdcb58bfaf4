package dev.failsoft.diagnosis;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.jspecify.annotations.Nullable;

/**
 * The four HTTP clients the classifier must understand, each driven the plain way a caller would,
 * returning what it threw. Read timeouts are short because the servers they meet hang on purpose.
 */
enum LoopbackClients {
  HTTP_URL_CONNECTION {
    @Override
    void call(Exchange x) throws Exception {
      HttpURLConnection c = (HttpURLConnection) URI.create(x.url).toURL().openConnection();
      if (c instanceof HttpsURLConnection https && x.tls != null) {
        https.setSSLSocketFactory(x.tls.getSocketFactory());
      }
      c.setConnectTimeout(CONNECT_TIMEOUT_MS);
      c.setReadTimeout(READ_TIMEOUT_MS);
      c.setRequestMethod(x.method);
      if (x.idempotencyKey) {
        c.setRequestProperty("Idempotency-Key", "k-1");
      }
      if (x.method.equals("POST")) {
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
          out.write(BODY);
        }
      }
      c.getResponseCode();
      try (InputStream in = c.getInputStream()) {
        in.readAllBytes();
      }
    }
  },
  JAVA_HTTP_CLIENT {
    @Override
    void call(Exchange x) throws Exception {
      java.net.http.HttpClient.Builder b =
          java.net.http.HttpClient.newBuilder()
              .connectTimeout(Duration.ofMillis(CONNECT_TIMEOUT_MS))
              .version(java.net.http.HttpClient.Version.HTTP_1_1);
      if (x.tls != null) {
        b.sslContext(x.tls);
      }
      java.net.http.HttpRequest.Builder r =
          java.net.http.HttpRequest.newBuilder(URI.create(x.url))
              .timeout(Duration.ofMillis(READ_TIMEOUT_MS))
              .method(
                  x.method,
                  x.method.equals("POST")
                      ? java.net.http.HttpRequest.BodyPublishers.ofByteArray(BODY)
                      : java.net.http.HttpRequest.BodyPublishers.noBody());
      if (x.idempotencyKey) {
        r.header("Idempotency-Key", "k-1");
      }
      b.build().send(r.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    }
  },
  OKHTTP {
    @Override
    void call(Exchange x) throws Exception {
      try (Response response = okhttp(x).newCall(okhttpRequest(x)).execute()) {
        response.body().bytes();
      }
    }
  },
  JETTY {
    @Override
    void call(Exchange x) throws Exception {
      ClientConnector connector = new ClientConnector();
      SslContextFactory.Client ssl = new SslContextFactory.Client();
      if (x.tls != null) {
        ssl.setSslContext(x.tls);
      }
      connector.setSslContextFactory(ssl);
      connector.setConnectTimeout(Duration.ofMillis(CONNECT_TIMEOUT_MS));
      org.eclipse.jetty.client.HttpClient client =
          new org.eclipse.jetty.client.HttpClient(
              new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP(connector));
      client.setIdleTimeout(READ_TIMEOUT_MS);
      client.start();
      try {
        org.eclipse.jetty.client.Request r = jettyRequest(client, x);
        try {
          ContentResponse unused = r.send();
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable cause = e.getCause();
          if (!(cause instanceof IllegalStateException) || cause.getMessage() != null) {
            throw e;
          }
          // Jetty 12.1.14 under CPU starvation sometimes fails in AbstractEndPoint.onOpen ("Could
          // not create EndPoint … SocketChannel[closed]") before a byte is exchanged: a client
          // race, not the fault under test, so make the exchange once more.
          ContentResponse unused = jettyRequest(client, x).send();
        }
      } finally {
        client.stop();
      }
    }
  };

  private static org.eclipse.jetty.client.Request jettyRequest(
      org.eclipse.jetty.client.HttpClient client, Exchange x) {
    org.eclipse.jetty.client.Request r = client.newRequest(x.url).method(x.method);
    if (x.idempotencyKey) {
      r.headers(h -> h.put("Idempotency-Key", "k-1"));
    }
    if (x.method.equals("POST")) {
      r.body(new StringRequestContent(new String(BODY, StandardCharsets.UTF_8)));
    }
    return r;
  }

  static final int CONNECT_TIMEOUT_MS = 5_000;
  // java.net.http applies its one request timeout to the TLS handshake too: on a loaded 2-core
  // machine a cold handshake can take over a second, so this leaves room for it.
  static final int READ_TIMEOUT_MS = 2_000;
  static final byte[] BODY = "{\"order\":1}".getBytes(StandardCharsets.UTF_8);

  /** Performs the exchange; throws what the client throws. */
  abstract void call(Exchange x) throws Exception;

  /** Performs the exchange and returns what the client threw, or null if it succeeded. */
  @Nullable Throwable failure(Exchange x) {
    try {
      call(x);
      return null;
    } catch (Exception e) {
      return e;
    }
  }

  static OkHttpClient okhttp(Exchange x) throws Exception {
    OkHttpClient.Builder b =
        new OkHttpClient.Builder()
            .retryOnConnectionFailure(false)
            .connectTimeout(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)
            .readTimeout(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    if (x.tls != null) {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(x.trustStore);
      b.sslSocketFactory(x.tls.getSocketFactory(), (X509TrustManager) tmf.getTrustManagers()[0]);
    }
    return b.build();
  }

  static Request okhttpRequest(Exchange x) {
    Request.Builder r =
        new Request.Builder()
            .url(x.url)
            .method(
                x.method,
                x.method.equals("POST")
                    ? RequestBody.create(BODY, MediaType.get("application/json"))
                    : null);
    if (x.idempotencyKey) {
      r.header("Idempotency-Key", "k-1");
    }
    return r.build();
  }

  /** One request to make: method, URL, whether it carries an Idempotency-Key, TLS trust. */
  static final class Exchange {
    final String method;
    final String url;
    boolean idempotencyKey;
    @Nullable SSLContext tls;
    java.security.@Nullable KeyStore trustStore;

    Exchange(String method, String url) {
      this.method = method;
      this.url = url;
    }

    static Exchange get(String url) {
      return new Exchange("GET", url);
    }

    static Exchange post(String url) {
      return new Exchange("POST", url);
    }

    Exchange withIdempotencyKey() {
      idempotencyKey = true;
      return this;
    }

    Exchange trusting(SSLContext context, java.security.KeyStore store) {
      tls = context;
      trustStore = store;
      return this;
    }

    dev.failsoft.http.RequestHead head() {
      dev.failsoft.http.Headers.Builder h = dev.failsoft.http.Headers.builder();
      if (idempotencyKey) {
        h.add("Idempotency-Key", "k-1");
      }
      return new dev.failsoft.http.RequestHead(method, URI.create(url), h.build());
    }
  }
}
