package dev.failsoft.diagnosis.internal;

import static dev.failsoft.diagnosis.FailureKind.CONNECTION_LIMIT_REACHED;
import static dev.failsoft.diagnosis.FailureKind.CONNECTION_REFUSED;
import static dev.failsoft.diagnosis.FailureKind.CONNECTION_TERMINATED;
import static dev.failsoft.diagnosis.FailureKind.CONNECTION_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.DESTINATION_IP_UNROUTABLE;
import static dev.failsoft.diagnosis.FailureKind.DESTINATION_NOT_FOUND;
import static dev.failsoft.diagnosis.FailureKind.DESTINATION_UNAVAILABLE;
import static dev.failsoft.diagnosis.FailureKind.DNS_ERROR;
import static dev.failsoft.diagnosis.FailureKind.GATEWAY_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.HTTP_PROTOCOL_ERROR;
import static dev.failsoft.diagnosis.FailureKind.HTTP_RESPONSE_HEADER_SECTION_SIZE;
import static dev.failsoft.diagnosis.FailureKind.HTTP_RESPONSE_INCOMPLETE;
import static dev.failsoft.diagnosis.FailureKind.HTTP_RESPONSE_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.HTTP_STREAM_RESET;
import static dev.failsoft.diagnosis.FailureKind.ORIGIN_ERROR;
import static dev.failsoft.diagnosis.FailureKind.PROXY_INTERNAL_ERROR;
import static dev.failsoft.diagnosis.FailureKind.RATE_LIMITED;
import static dev.failsoft.diagnosis.FailureKind.SERVICE_UNAVAILABLE;
import static dev.failsoft.diagnosis.FailureKind.TLS_CERTIFICATE_ERROR;
import static dev.failsoft.diagnosis.FailureKind.TLS_PROTOCOL_ERROR;
import static dev.failsoft.diagnosis.Phase.CONNECT;
import static dev.failsoft.diagnosis.Phase.DNS;
import static dev.failsoft.diagnosis.Phase.TLS;

import dev.failsoft.diagnosis.Evidence;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import dev.failsoft.diagnosis.SignatureMatch;
import java.util.List;
import java.util.Optional;

/**
 * The built-in signatures of the common proxies, gateways and origin servers, one static method per
 * product family (sources: {@code SIGNATURES.md}), and the list of every built-in signature; CDNs
 * and cloud edges live in {@link EdgeSignatures}.
 *
 * <p>Confidence follows one scale: 90–100 for a product's own error page or a header only its
 * generated errors carry; 50–85 for a body shape a few products could share; at most {@value
 * #PRESENCE} for a mark the hop puts on every response, which shows the hop was on the path but not
 * that it wrote the failure (an origin's 500 passed through nginx still says {@code Server:
 * nginx}). Each method scans the precomputed {@link Facts}; no regex, no per-call lower-casing of
 * the body. Stateless and thread-safe.
 */
final class BuiltInSignatures {
  /** The highest confidence of a mark that shows presence on the path, not authorship. */
  static final int PRESENCE = 30;

  /** One product's recognizer: a match or null. */
  @FunctionalInterface
  interface Signature {
    SignatureMatch match(Facts f);
  }

  static final List<Signature> ALL =
      List.of(
          BuiltInSignatures::nginxTemplate,
          BuiltInSignatures::apache,
          BuiltInSignatures::haproxy,
          BuiltInSignatures::envoy,
          BuiltInSignatures::traefik,
          BuiltInSignatures::caddy,
          BuiltInSignatures::varnish,
          EdgeSignatures::fastly,
          BuiltInSignatures::squid,
          EdgeSignatures::cloudflare,
          EdgeSignatures::aws,
          EdgeSignatures::google,
          EdgeSignatures::azureFrontDoor,
          EdgeSignatures::akamai,
          EdgeSignatures::heroku,
          BuiltInSignatures::kong,
          BuiltInSignatures::springCloudGateway,
          BuiltInSignatures::nodeHttpProxy,
          BuiltInSignatures::tomcat,
          BuiltInSignatures::jetty,
          BuiltInSignatures::nginxPresence);

  private BuiltInSignatures() {}

  static SignatureMatch match(
      Responder r, int confidence, FailureKind kind, Phase phase, Evidence... evidence) {
    return new SignatureMatch(
        r, Optional.ofNullable(kind), Optional.ofNullable(phase), List.of(evidence), confidence);
  }

  static Evidence header(String name, String value) {
    return Evidence.of("header", name + ": " + value);
  }

  static Evidence body(String what) {
    return Evidence.of("body", what);
  }

  /** Returns the text between {@code start} and the next {@code end}, at most 120 chars. */
  static String between(String s, String start, String end) {
    int i = s.indexOf(start);
    if (i < 0) {
      return null;
    }
    i += start.length();
    int j = s.indexOf(end, i);
    if (j < 0 || j - i > 120) {
      j = Math.min(s.length(), i + 120);
    }
    return s.substring(i, j);
  }

  // §0/§1: the nginx-style template, shared by nginx, OpenResty, ingress-nginx, Cloudflare,
  // Azure Application Gateway and AWS ALB; the tail line and the Server header tell them apart.
  static SignatureMatch nginxTemplate(Facts f) {
    if (!f.body.startsWith("<html>") || !f.bodyHas("<center><h1>")) {
      return null;
    }
    String tail = between(f.body, "<hr><center>", "</center>");
    if (tail == null) {
      if (f.server.startsWith("awselb")) {
        return match(
            Responder.AWS_ALB,
            95,
            albKind(f.status),
            albPhase(f.status),
            header("Server", f.server),
            body("nginx-style error page without a tail line"));
      }
      return null; // nginx with a custom page, ALB behind a CDN...: ambiguous, say nothing
    }
    Evidence ev = body("nginx-style error page signed \"" + tail + "\"");
    String t = tail.toLowerCase(java.util.Locale.ROOT);
    if (t.equals("cloudflare") || t.equals("cloudflare-nginx")) {
      return match(Responder.CLOUDFLARE, 95, null, null, ev);
    }
    if (t.startsWith("microsoft-azure-application-gateway")) {
      return match(
          Responder.AZURE_APP_GATEWAY,
          95,
          f.status == 504 ? HTTP_RESPONSE_TIMEOUT : null,
          null,
          ev);
    }
    if (t.startsWith("openresty")) {
      return match(Responder.OPENRESTY, 90, nginxKind(f.status), nginxPhase(f.status), ev);
    }
    if (t.startsWith("nginx")) {
      if (t.equals("nginx") && f.server.isEmpty()) {
        // ingress-nginx runs with server_tokens off and clears the Server header; there a 503
        // means the service has no ready endpoints, not rate limiting.
        return match(
            Responder.INGRESS_NGINX,
            70,
            f.status == 503 ? DESTINATION_UNAVAILABLE : nginxKind(f.status),
            f.status == 503 ? CONNECT : null,
            ev,
            Evidence.of("header", "no Server header (ingress-nginx clears it)"));
      }
      if (t.equals("nginx") && f.status == 503) {
        // server_tokens off: plain nginx (limit_req) or ingress-nginx with its Server header
        // kept (no endpoints). Either way the request was never forwarded.
        return match(
            Responder.NGINX,
            90,
            SERVICE_UNAVAILABLE,
            CONNECT,
            ev,
            body(
                "an unversioned nginx 503 is limit_req/limit_conn or an ingress with no"
                    + " endpoints"));
      }
      return match(
          Responder.NGINX,
          f.server.startsWith("nginx") ? 95 : 85,
          nginxKind(f.status),
          nginxPhase(f.status),
          ev);
    }
    return null;
  }

  private static FailureKind nginxKind(int status) {
    // ngx_http_upstream_next(): only a timeout gives 504, but a connect timeout and a read timeout
    // send the same page (captured: nginx 1.22, SYN drop vs hung origin), so 504 stays the
    // gateway_timeout family; 503 comes from limit_req/limit_conn.
    return status == 503 ? RATE_LIMITED : null;
  }

  private static Phase nginxPhase(int status) {
    return status == 503 ? CONNECT : null; // limit_req rejects before proxying
  }

  static FailureKind albKind(int status) {
    return status == 503 ? DESTINATION_UNAVAILABLE : null;
  }

  static Phase albPhase(int status) {
    return status == 503 ? CONNECT : null; // no registered targets: nothing was contacted
  }

  // §2: Apache httpd mod_proxy canned pages (DOCTYPE HTML 2.0, "Proxy Error" reason).
  static SignatureMatch apache(Facts f) {
    // 2.4 before 2.4.64 wrote an HTML 2.0 doctype, later ones HTML 4.01 (captured: 2.4.71).
    boolean canned =
        f.bodyStarts("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">")
            || f.bodyStarts("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"");
    boolean proxyError =
        f.reason.equals("Proxy Error") || canned && f.bodyHas("<h1>Proxy Error</h1>");
    boolean server = f.server.startsWith("apache");
    if (!proxyError && !(canned && (server || f.bodyHas("<address>Apache")))) {
      return server ? match(Responder.APACHE, 20, null, null, header("Server", f.server)) : null;
    }
    Evidence ev =
        proxyError
            ? body("Apache mod_proxy \"Proxy Error\" page")
            : body("Apache httpd canned error page");
    String reason = between(f.body, "Reason: <strong>", "</strong>");
    if (reason != null) {
      Evidence why = body("Reason: " + reason);
      if (reason.startsWith("DNS lookup failure")) {
        return match(Responder.APACHE, 95, DNS_ERROR, DNS, ev, why);
      }
      if (reason.contains("SSL Handshake")) {
        return match(Responder.APACHE, 95, TLS_PROTOCOL_ERROR, TLS, ev, why);
      }
      return match(Responder.APACHE, 95, null, null, ev, why);
    }
    if (f.status == 503 && f.bodyHas("temporarily unable to service your")) {
      // mod_proxy_http answers a failed connect (AH01114) or a worker in error state with the
      // plain canned 503: the backend never saw the request.
      return match(Responder.APACHE, 90, DESTINATION_UNAVAILABLE, CONNECT, ev);
    }
    if (f.status == 504) {
      return match(Responder.APACHE, 90, HTTP_RESPONSE_TIMEOUT, null, ev);
    }
    if (f.status == 500) {
      // Without a proxy Reason, Apache's canned 500 is the origin's own (CGI, PHP, .htaccess).
      return match(Responder.APACHE, 85, ORIGIN_ERROR, null, ev);
    }
    return match(Responder.APACHE, 85, null, null, ev);
  }

  // §3: HAProxy http_err_msgs[]; HAProxy adds no Server header.
  static SignatureMatch haproxy(Facts f) {
    if (!f.body.startsWith("<html><body><h1>")) {
      return null;
    }
    return firstText(
        f, false, HAPROXY_TEXTS, Responder.HAPROXY, f.server.isEmpty() ? 92 : 80, "HAProxy: ");
  }

  /** A fixed text a product writes, and what it tells. */
  private record Text(String text, FailureKind kind, Phase phase) {}

  private static final List<Text> HAPROXY_TEXTS =
      List.of(
          new Text(
              "No server is available to handle this request.", DESTINATION_UNAVAILABLE, CONNECT),
          new Text("The server didn't respond in time.", HTTP_RESPONSE_TIMEOUT, null),
          // One page for SH (reset, close) and PH (garbage, bad or oversized header): captured
          // from 2.6, so only the family is proven; the log's termination state tells which.
          new Text("The server returned an invalid or incomplete response.", null, null),
          new Text(
              "You have sent too many requests in a given amount of time.", RATE_LIMITED, CONNECT));

  // router.cc local replies with no reset reason.
  private static final List<Text> ENVOY_TEXTS =
      List.of(
          new Text("no healthy upstream", DESTINATION_UNAVAILABLE, CONNECT),
          new Text("upstream request timeout", HTTP_RESPONSE_TIMEOUT, null),
          new Text("upstream max stream duration reached", HTTP_RESPONSE_TIMEOUT, null),
          new Text("maintenance mode", DESTINATION_UNAVAILABLE, CONNECT));

  /** Returns a match for the first text the body holds ({@code exact}: is), or null. */
  private static SignatureMatch firstText(
      Facts f, boolean exact, List<Text> texts, Responder r, int confidence, String label) {
    for (Text t : texts) {
      if (exact ? f.bodyIs(t.text) : f.bodyHas(t.text)) {
        return match(r, confidence, t.kind, t.phase, body(label + t.text));
      }
    }
    return null;
  }

  // §4: Envoy local replies; x-envoy-upstream-service-time marks a proxied upstream answer.
  static SignatureMatch envoy(Facts f) {
    boolean serverEnvoy = f.server.equals("envoy") || f.server.equals("istio-envoy");
    Responder r = f.server.equals("istio-envoy") ? Responder.ISTIO : Responder.ENVOY;
    int conf = serverEnvoy ? 98 : 85;
    final String reset = "upstream connect error or disconnect/reset before headers.";
    if (f.body.startsWith(reset)) {
      String reason = between(f.body, "reset reason: ", ",");
      reason = reason == null ? "" : reason.strip();
      String transport = between(f.body, "transport failure reason: ", "\n");
      Evidence ev =
          body(
              "Envoy: "
                  + reset
                  + " reset reason: "
                  + reason
                  + (transport == null ? "" : ", transport failure reason: " + transport));
      return envoyReset(r, conf, reason, transport == null ? "" : transport, ev);
    }
    SignatureMatch text = firstText(f, true, ENVOY_TEXTS, r, conf, "Envoy: ");
    if (text != null) {
      return text;
    }
    if (f.header("x-envoy-overloaded").equals("true")) {
      return match(
          r, conf, CONNECTION_LIMIT_REACHED, CONNECT, header("x-envoy-overloaded", "true"));
    }
    if (serverEnvoy && f.bodyEmpty() && !f.has("x-envoy-upstream-service-time")) {
      return match(
          r,
          80,
          f.status == 404 ? DESTINATION_NOT_FOUND : null,
          null,
          header("server", f.server),
          body("empty local reply (no route or cluster?)"));
    }
    if (serverEnvoy && !f.has("x-envoy-upstream-service-time")) {
      // The router stamps x-envoy-upstream-service-time on every proxied answer; without it
      // this is a local reply, perhaps with a custom body.
      return match(
          r,
          60,
          null,
          null,
          header("server", f.server),
          Evidence.of("header", "no x-envoy-upstream-service-time (a local reply)"));
    }
    if (serverEnvoy) {
      return match(r, 20, null, null, header("server", f.server));
    }
    return null;
  }

  private static SignatureMatch envoyReset(
      Responder r, int conf, String reason, String transport, Evidence ev) {
    return switch (reason) {
      case "connection failure", "local connection failure", "remote connection failure" -> {
        String t = transport.toLowerCase(java.util.Locale.ROOT);
        if (t.contains("certificate") || t.contains("tls")) {
          yield match(
              r,
              conf,
              t.contains("certificate") ? TLS_CERTIFICATE_ERROR : TLS_PROTOCOL_ERROR,
              TLS,
              ev);
        }
        boolean timedOut = t.contains("timed out") || t.contains(": 110");
        yield match(r, conf, timedOut ? CONNECTION_TIMEOUT : CONNECTION_REFUSED, CONNECT, ev);
      }
      case "connection timeout" -> match(r, conf, CONNECTION_TIMEOUT, CONNECT, ev);
      case "connection termination", "local reset" ->
          match(r, conf, CONNECTION_TERMINATED, null, ev);
      case "overflow", "overload manager reset" ->
          match(r, conf, CONNECTION_LIMIT_REACHED, CONNECT, ev);
      case "protocol error" -> match(r, conf, HTTP_PROTOCOL_ERROR, null, ev);
      case "remote reset", "remote refused stream reset", "local refused stream reset" ->
          match(r, conf, HTTP_STREAM_RESET, null, ev);
      default -> match(r, conf, null, null, ev);
    };
  }

  // §5: Traefik writes http.StatusText(code) and no Server header.
  static SignatureMatch traefik(Facts f) {
    if (!f.server.isEmpty()) {
      return null;
    }
    if (f.status == 502 && f.bodyIs("Bad Gateway")) {
      return match(Responder.TRAEFIK, 70, null, null, body("bare text \"Bad Gateway\""));
    }
    if (f.status == 504 && f.bodyIs("Gateway Timeout")) {
      return match(Responder.TRAEFIK, 70, null, null, body("bare text \"Gateway Timeout\""));
    }
    if (f.status == 503 && f.bodyIs("no available server")) {
      return match(
          Responder.TRAEFIK, 85, DESTINATION_UNAVAILABLE, CONNECT, body("no available server"));
    }
    return null;
  }

  // §6: Caddy with no handle_errors route writes only the status.
  static SignatureMatch caddy(Facts f) {
    if (!f.server.equals("caddy")) {
      return null;
    }
    if (!f.bodyEmpty()) {
      return match(Responder.CADDY, 20, null, null, header("Server", "Caddy"));
    }
    return match(
        Responder.CADDY,
        90,
        f.status == 503 ? DESTINATION_UNAVAILABLE : null,
        f.status == 503 ? CONNECT : null,
        header("Server", "Caddy"),
        body("empty body"));
  }

  // §7: Varnish builtin.vcl ("Guru Meditation", XID).
  static SignatureMatch varnish(Facts f) {
    boolean page = f.bodyStarts("<!DOCTYPE html>") && f.bodyHas("Guru Meditation:");
    boolean server = f.server.equals("varnish") || f.has("X-Varnish");
    if (!page && !(server && f.reason.equals("Backend fetch failed"))) {
      return server ? match(Responder.VARNISH, 20, null, null, header("Server", f.server)) : null;
    }
    // Its 503 carries Retry-After: 5, yet it is a failed backend fetch, not rate limiting.
    return match(
        Responder.VARNISH,
        95,
        f.status == 503 ? SERVICE_UNAVAILABLE : null,
        null,
        body("Varnish \"Guru Meditation\" page: " + f.reason));
  }

  // §8: Squid names its error page in X-Squid-Error: "ERR_CONNECT_FAIL 111".
  static SignatureMatch squid(Facts f) {
    String err = f.header("X-Squid-Error");
    if (err.isEmpty()) {
      if (f.server.startsWith("squid") && f.bodyHas("The requested URL could not be retrieved")) {
        return match(Responder.SQUID, 85, null, null, body("Squid error page"));
      }
      return null;
    }
    Evidence ev = header("X-Squid-Error", err);
    if (err.startsWith("ERR_CONNECT_FAIL")) {
      // The errno after the page name: 110 timed out, 113/101 unreachable, else refused.
      FailureKind kind =
          err.endsWith(" 110")
              ? CONNECTION_TIMEOUT
              : err.endsWith(" 113") || err.endsWith(" 101")
                  ? DESTINATION_IP_UNROUTABLE
                  : CONNECTION_REFUSED;
      return match(Responder.SQUID, 98, kind, CONNECT, ev);
    }
    if (err.startsWith("ERR_READ_ERROR") && !err.endsWith(" 104") && !err.endsWith(" 32")) {
      // Without a reset errno, Squid 5.7 answers a failure it met before contacting any origin
      // this way too (captured: a DNS failure came back as "ERR_READ_ERROR 0", HIER_NONE).
      return match(
          Responder.SQUID,
          98,
          null,
          null,
          ev,
          body("a read error without errno: the origin may never have been contacted"));
    }
    if (err.startsWith("ERR_TOO_BIG") && f.status == 502) {
      // reply_header_max_size: the origin's header section was too large (a request too large
      // is a 413, a body over reply_body_max_size a 403).
      return match(Responder.SQUID, 98, HTTP_RESPONSE_HEADER_SECTION_SIZE, null, ev);
    }
    for (Text page : SQUID_PAGES) {
      if (err.startsWith(page.text)) {
        return match(Responder.SQUID, 98, page.kind, page.phase, ev);
      }
    }
    return match(Responder.SQUID, 98, null, null, ev);
  }

  private static final List<Text> SQUID_PAGES =
      List.of(
          new Text("ERR_DNS_FAIL", DNS_ERROR, DNS),
          new Text("ERR_READ_TIMEOUT", HTTP_RESPONSE_TIMEOUT, null),
          new Text("ERR_ZERO_SIZE_OBJECT", HTTP_RESPONSE_INCOMPLETE, null),
          new Text("ERR_INVALID_RESP", HTTP_PROTOCOL_ERROR, null),
          new Text("ERR_READ_ERROR", CONNECTION_TERMINATED, null),
          new Text("ERR_CANNOT_FORWARD", DESTINATION_UNAVAILABLE, CONNECT),
          new Text("ERR_SECURE_CONNECT_FAIL", TLS_PROTOCOL_ERROR, TLS),
          new Text("ERR_GATEWAY_FAILURE", PROXY_INTERNAL_ERROR, null));

  // §19: Kong: X-Kong-Response-Latency on its own answers, X-Kong-Upstream-Latency on proxied.
  static SignatureMatch kong(Facts f) {
    boolean server = f.server.startsWith("kong/");
    boolean generated = f.has("X-Kong-Response-Latency");
    if (!server && !generated) {
      return f.via.contains("kong/")
          ? match(Responder.KONG, 20, null, null, header("Via", f.via))
          : null;
    }
    if (!generated && f.has("X-Kong-Upstream-Latency")) {
      return match(Responder.KONG, 20, null, null, header("Server", f.server));
    }
    Evidence ev =
        header(
            generated ? "X-Kong-Response-Latency" : "Server",
            generated ? f.header("X-Kong-Response-Latency") : f.server);
    if (f.bodyHas("failure to get a peer from the ring-balancer")) {
      return match(
          Responder.KONG,
          95,
          DESTINATION_UNAVAILABLE,
          CONNECT,
          ev,
          body("failure to get a peer from the ring-balancer"));
    }
    if (f.bodyHas("name resolution failed")) {
      return match(Responder.KONG, 95, DNS_ERROR, DNS, ev, body("name resolution failed"));
    }
    String msg = between(f.body, "\"message\":\"", "\"");
    Evidence said = body(msg == null ? "Kong error" : msg);
    return match(
        Responder.KONG, 95, f.status == 504 ? HTTP_RESPONSE_TIMEOUT : null, null, ev, said);
  }

  // §23: Spring Cloud Gateway: Boot's WebFlux error JSON (with requestId).
  static SignatureMatch springCloudGateway(Facts f) {
    if (!f.body.startsWith("{")
        || !f.bodyHas("\"requestId\":")
        || !f.bodyHas("\"path\":")
        || !f.bodyHas("\"error\":")) {
      return null;
    }
    Evidence ev = body("Spring WebFlux error JSON with requestId");
    if (f.bodyHas("Connection refused")) {
      return match(
          Responder.SPRING_CLOUD_GATEWAY,
          85,
          CONNECTION_REFUSED,
          CONNECT,
          ev,
          body("Connection refused"));
    }
    if (f.bodyHas("Response took longer than")) {
      return match(Responder.SPRING_CLOUD_GATEWAY, 85, HTTP_RESPONSE_TIMEOUT, null, ev);
    }
    if (f.bodyHas("Unable to find instance for")) {
      return match(Responder.SPRING_CLOUD_GATEWAY, 85, DESTINATION_UNAVAILABLE, CONNECT, ev);
    }
    // Any WebFlux application writes this shape too, hence the middling confidence.
    return match(Responder.SPRING_CLOUD_GATEWAY, 50, null, null, ev);
  }

  // §24: http-proxy-middleware ("Error occurred while trying to proxy").
  static SignatureMatch nodeHttpProxy(Facts f) {
    if (f.body.startsWith("Error occurred while trying to proxy")
        || f.body.startsWith("Proxy error: Could not proxy request")) {
      // hpm answers 504 for refused, reset, DNS and timeout alike; 502 for HPE_INVALID*.
      return match(
          Responder.NODE_HTTP_PROXY,
          90,
          f.status == 502 ? HTTP_PROTOCOL_ERROR : f.status == 504 ? GATEWAY_TIMEOUT : null,
          null,
          body(f.body.length() > 60 ? f.body.substring(0, 60) : f.body));
    }
    return null;
  }

  // §21: Tomcat's ErrorReportValve page.
  static SignatureMatch tomcat(Facts f) {
    if (!f.bodyStarts("<!doctype html><html lang=\"en\"><head><title>HTTP Status ")) {
      return null;
    }
    // Tomcat is the origin here: its 500 is the application's own failure.
    return match(
        Responder.TOMCAT,
        90,
        f.status == 503 ? SERVICE_UNAVAILABLE : f.status == 500 ? ORIGIN_ERROR : null,
        null,
        body("Tomcat ErrorReportValve page"));
  }

  // §22: Jetty's ErrorHandler page, also used by its ProxyServlet.
  static SignatureMatch jetty(Facts f) {
    boolean server = f.server.startsWith("jetty(");
    boolean page =
        (server || f.bodyStarts("<html>\n<head>\n<meta http-equiv="))
            && (f.bodyHas("<h2>HTTP ERROR ") || f.bodyHas("Powered by Jetty://"));
    if (!page) {
      return server ? match(Responder.JETTY, 20, null, null, header("Server", f.server)) : null;
    }
    // ProxyServlet: a TimeoutException gives 504, every other failure 502.
    return match(
        Responder.JETTY,
        server ? 95 : 85,
        f.status == 504 ? HTTP_RESPONSE_TIMEOUT : f.status == 500 ? ORIGIN_ERROR : null,
        null,
        body("Jetty error page"));
  }

  /** nginx on the path: its Server header, whatever the body. */
  static SignatureMatch nginxPresence(Facts f) {
    if (f.server.startsWith("nginx")) {
      return match(Responder.NGINX, 20, null, null, header("Server", f.server));
    }
    if (f.server.startsWith("openresty")) {
      return match(Responder.OPENRESTY, 20, null, null, header("Server", f.server));
    }
    return null;
  }
}
