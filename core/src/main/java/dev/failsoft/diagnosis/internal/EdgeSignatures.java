package dev.failsoft.diagnosis.internal;

import static dev.failsoft.diagnosis.FailureKind.CONNECTION_LIMIT_REACHED;
import static dev.failsoft.diagnosis.FailureKind.CONNECTION_REFUSED;
import static dev.failsoft.diagnosis.FailureKind.CONNECTION_TERMINATED;
import static dev.failsoft.diagnosis.FailureKind.CONNECTION_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.DESTINATION_IP_UNROUTABLE;
import static dev.failsoft.diagnosis.FailureKind.DESTINATION_NOT_FOUND;
import static dev.failsoft.diagnosis.FailureKind.DESTINATION_UNAVAILABLE;
import static dev.failsoft.diagnosis.FailureKind.DNS_ERROR;
import static dev.failsoft.diagnosis.FailureKind.HTTP_PROTOCOL_ERROR;
import static dev.failsoft.diagnosis.FailureKind.HTTP_RESPONSE_INCOMPLETE;
import static dev.failsoft.diagnosis.FailureKind.HTTP_RESPONSE_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.RATE_LIMITED;
import static dev.failsoft.diagnosis.FailureKind.SERVICE_UNAVAILABLE;
import static dev.failsoft.diagnosis.FailureKind.TLS_CERTIFICATE_ERROR;
import static dev.failsoft.diagnosis.FailureKind.TLS_PROTOCOL_ERROR;
import static dev.failsoft.diagnosis.Phase.CONNECT;
import static dev.failsoft.diagnosis.Phase.DNS;
import static dev.failsoft.diagnosis.Phase.TLS;
import static dev.failsoft.diagnosis.internal.BuiltInSignatures.albKind;
import static dev.failsoft.diagnosis.internal.BuiltInSignatures.albPhase;
import static dev.failsoft.diagnosis.internal.BuiltInSignatures.between;
import static dev.failsoft.diagnosis.internal.BuiltInSignatures.body;
import static dev.failsoft.diagnosis.internal.BuiltInSignatures.header;
import static dev.failsoft.diagnosis.internal.BuiltInSignatures.match;

import dev.failsoft.diagnosis.Evidence;
import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import dev.failsoft.diagnosis.SignatureMatch;

/**
 * The built-in signatures of CDNs, cloud load balancers and platform routers (Cloudflare, AWS,
 * Google, Azure Front Door, Akamai, Fastly, Heroku), on the confidence scale of {@link
 * BuiltInSignatures}. Their marks are often headers they put on every response, so each method
 * separates a page the edge wrote itself from one it passed through. Stateless and thread-safe.
 */
final class EdgeSignatures {
  private EdgeSignatures() {}

  // §17: Fastly ("Guru Mediation", Details: cache-...); obj.response tells the cause.
  static SignatureMatch fastly(Facts f) {
    boolean page = f.bodyStarts("<?xml") && f.bodyHas("Guru Mediation:");
    boolean headers = f.header("X-Served-By").startsWith("cache-") && f.has("X-Timer");
    if (!page) {
      return headers
          ? match(Responder.FASTLY, 25, null, null, header("X-Served-By", f.header("X-Served-By")))
          : null;
    }
    String cause = between(f.body, "<title>", "</title>");
    cause = cause == null ? f.reason : cause;
    String c = cause.toLowerCase(java.util.Locale.ROOT);
    FailureKind kind = null;
    Phase phase = null;
    if (c.contains("first byte timeout")) {
      kind = HTTP_RESPONSE_TIMEOUT;
    } else if (c.contains("backend read error")) {
      kind = CONNECTION_TERMINATED;
    } else if (c.contains("unhealthy") || c.contains("no healthy ip")) {
      kind = DESTINATION_UNAVAILABLE;
      phase = CONNECT;
    } else if (c.contains("connection refused")) {
      kind = CONNECTION_REFUSED;
      phase = CONNECT;
    } else if (c.contains("connection timed out") || c.contains("operation now in progress")) {
      kind = CONNECTION_TIMEOUT;
      phase = CONNECT;
    } else if (c.contains("max_conn") || c.contains("maximum threads")) {
      kind = CONNECTION_LIMIT_REACHED;
      phase = CONNECT;
    } else if (c.contains("certificate") || c.contains("issuer")) {
      kind = TLS_CERTIFICATE_ERROR;
      phase = TLS;
    } else if (f.status == 503) {
      kind = SERVICE_UNAVAILABLE; // Fastly sends Retry-After: 0; still not rate limiting
    }
    return match(
        Responder.FASTLY, 95, kind, phase, body("Fastly \"Guru Mediation\" page: " + cause));
  }

  // §9: Cloudflare. Its 52x codes are its own; a branded 502/504 is the origin's answer.
  static SignatureMatch cloudflare(Facts f) {
    boolean cf = f.server.equals("cloudflare") || f.has("CF-RAY");
    if (!cf) {
      return null;
    }
    Evidence ev =
        f.has("CF-RAY") ? header("CF-RAY", f.header("CF-RAY")) : header("Server", "cloudflare");
    if (f.status >= 520 && f.status <= 530) {
      Evidence code = Evidence.of("status", f.status + " is Cloudflare's own code");
      return switch (f.status) {
        case 520 -> match(Responder.CLOUDFLARE, 95, HTTP_PROTOCOL_ERROR, null, ev, code);
        case 521 -> match(Responder.CLOUDFLARE, 95, CONNECTION_REFUSED, CONNECT, ev, code);
        case 522 -> match(Responder.CLOUDFLARE, 95, CONNECTION_TIMEOUT, CONNECT, ev, code);
        case 523 -> match(Responder.CLOUDFLARE, 95, DESTINATION_IP_UNROUTABLE, CONNECT, ev, code);
        case 524 -> match(Responder.CLOUDFLARE, 95, HTTP_RESPONSE_TIMEOUT, null, ev, code);
        case 525 -> match(Responder.CLOUDFLARE, 95, TLS_PROTOCOL_ERROR, TLS, ev, code);
        case 526 -> match(Responder.CLOUDFLARE, 95, TLS_CERTIFICATE_ERROR, TLS, ev, code);
        // 530 carries a 1xxx error: 1016 is "Origin DNS error"; others (1033 tunnel) vary.
        case 530 ->
            f.bodyHas("1033")
                ? match(Responder.CLOUDFLARE, 95, DESTINATION_UNAVAILABLE, CONNECT, ev, code)
                : match(Responder.CLOUDFLARE, 95, DNS_ERROR, DNS, ev, code);
        default -> match(Responder.CLOUDFLARE, 90, null, null, ev, code);
      };
    }
    if ((f.status == 502 || f.status == 504)
        && (f.bodyHas("cf-error-details") || f.bodyHas("cf-wrapper"))) {
      // Cloudflare docs: a branded 502/504 means the origin itself answered 502/504.
      return match(
          Responder.ORIGIN,
          80,
          null,
          null,
          ev,
          body("Cloudflare-branded page: the origin answered " + f.status));
    }
    if (f.has("cf-error-type")) {
      return match(
          Responder.CLOUDFLARE,
          90,
          null,
          null,
          ev,
          header("cf-error-type", f.header("cf-error-type")));
    }
    return match(Responder.CLOUDFLARE, 20, null, null, ev);
  }

  // §10–12: AWS ALB, Classic ELB, CloudFront, API Gateway.
  static SignatureMatch aws(Facts f) {
    if (f.has("x-amzn-ErrorType") && (f.has("x-amz-apigw-id") || f.has("x-amzn-RequestId"))) {
      Evidence ev = header("x-amzn-ErrorType", f.header("x-amzn-ErrorType"));
      FailureKind kind =
          f.bodyHas("Endpoint request timed out")
              ? HTTP_RESPONSE_TIMEOUT
              : f.status == 429 || f.bodyHas("Too Many Requests") ? RATE_LIMITED : null;
      return match(
          Responder.AWS_API_GATEWAY,
          97,
          kind,
          null,
          ev,
          body(f.body.length() > 80 ? f.body.substring(0, 80) : f.body));
    }
    if (f.server.startsWith("awselb")) {
      return match(
          Responder.AWS_ALB, 95, albKind(f.status), albPhase(f.status), header("Server", f.server));
    }
    if (f.server.isEmpty()
        && f.bodyEmpty()
        && (f.reason.equals("GATEWAY_TIMEOUT")
            || f.reason.startsWith("Service Unavailable: Back-end server is at capacity"))) {
      boolean capacity = f.reason.startsWith("Service Unavailable: Back-end");
      return match(
          Responder.AWS_ELB,
          85,
          capacity ? CONNECTION_LIMIT_REACHED : null,
          capacity ? CONNECT : null,
          Evidence.of("status", "reason phrase " + f.reason));
    }
    boolean cfError = f.header("X-Cache").equalsIgnoreCase("Error from cloudfront");
    if (cfError
        || f.bodyStarts("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional")
            && f.bodyHas("Generated by cloudfront (CloudFront)")) {
      Evidence ev =
          cfError
              ? header("X-Cache", "Error from cloudfront")
              : body("Generated by cloudfront (CloudFront)");
      if (f.bodyHas("The origin closed the connection.")) {
        return match(
            Responder.AWS_CLOUDFRONT,
            95,
            CONNECTION_TERMINATED,
            null,
            ev,
            body("The origin closed the connection."));
      }
      if (f.bodyHas("wasn't able to connect to the origin")) {
        return match(
            Responder.AWS_CLOUDFRONT,
            95,
            null,
            CONNECT,
            ev,
            body("CloudFront wasn't able to connect to the origin."));
      }
      return match(Responder.AWS_CLOUDFRONT, cfError ? 90 : 85, null, null, ev);
    }
    if (f.via.contains("(cloudfront)")) {
      return match(Responder.AWS_CLOUDFRONT, 20, null, null, header("Via", f.via));
    }
    return null;
  }

  // §13: Google Cloud Load Balancing / GFE.
  static SignatureMatch google(Facts f) {
    boolean page =
        f.bodyStarts("<html><head>")
            && f.bodyHas("<h1>Error: Server Error</h1>")
            && f.bodyHas("The server encountered a temporary error");
    boolean branded = !page && f.bodyStarts("<!DOCTYPE html>") && f.bodyHas("(Server Error)!!1");
    if (page || branded) {
      return match(
          Responder.GOOGLE_GFE,
          f.via.contains("google") ? 95 : 85,
          null,
          null,
          body(
              page
                  ? "Google load balancer \"Error: Server Error\" page"
                  : "Google-branded error page"));
    }
    if (f.via.contains("1.1 google")
        || f.server.equals("google frontend")
        || f.server.startsWith("gfe/")) {
      return match(
          Responder.GOOGLE_GFE,
          20,
          null,
          null,
          f.via.isEmpty() ? header("Server", f.server) : header("Via", f.via));
    }
    return null;
  }

  // §15: Azure Front Door (and Microsoft's edge): x-azure-ref on every response.
  static SignatureMatch azureFrontDoor(Facts f) {
    boolean ref = f.has("x-azure-ref") || f.has("x-msedge-ref");
    if (f.bodyStarts("<h2>Our services aren't available right now</h2>")) {
      return match(
          Responder.AZURE_FRONT_DOOR,
          ref ? 95 : 85,
          null,
          null,
          body("Our services aren't available right now"));
    }
    return ref
        ? match(
            Responder.AZURE_FRONT_DOOR,
            20,
            null,
            null,
            header("x-azure-ref", f.header(f.has("x-azure-ref") ? "x-azure-ref" : "x-msedge-ref")))
        : null;
  }

  // §16: Akamai: "Reference #NN." names the edge error.
  static SignatureMatch akamai(Facts f) {
    boolean ghost = f.server.equals("akamaighost");
    String ref =
        ghost || f.bodyStarts("<HTML><HEAD>")
            ? between(f.body, "Reference&#32;&#35;", "&#46;")
            : null;
    if (ref == null) {
      return ghost
          ? match(Responder.AKAMAI, 80, null, null, header("Server", "AkamaiGHost"))
          : null;
    }
    Evidence ev = body("Akamai reference #" + ref);
    FailureKind kind =
        switch (ref) {
          case "1" -> HTTP_RESPONSE_TIMEOUT;
          case "3", "15" -> HTTP_RESPONSE_INCOMPLETE;
          case "4" -> CONNECTION_TERMINATED;
          case "6" -> CONNECTION_REFUSED;
          case "11" -> DNS_ERROR;
          case "30" -> TLS_PROTOCOL_ERROR;
          case "97" -> CONNECTION_TIMEOUT;
          default -> null;
        };
    Phase phase =
        switch (ref) {
          case "6", "97" -> CONNECT;
          case "11" -> DNS;
          case "30" -> TLS;
          default -> null;
        };
    return match(Responder.AKAMAI, ghost ? 97 : 90, kind, phase, ev);
  }

  // §18: Heroku router: one page for every H code; the code is only in the router log.
  static SignatureMatch heroku(Facts f) {
    boolean via = f.via.contains("vegur") || f.via.contains("heroku-router");
    boolean page =
        (via || f.bodyStarts("<!DOCTYPE html>")) && f.bodyHas("herokucdn.com/error-pages/");
    if (!page) {
      return via ? match(Responder.HEROKU, 20, null, null, header("Via", f.via)) : null;
    }
    Evidence ev =
        body(
            f.bodyHas("application-error.html")
                ? "Heroku application-error page (the H code is in the router log)"
                : "Heroku error page");
    if (f.bodyHas("maintenance-mode.html")) {
      return match(Responder.HEROKU, 95, DESTINATION_UNAVAILABLE, CONNECT, ev);
    }
    if (f.bodyHas("no-such-app.html")) {
      return match(Responder.HEROKU, 95, DESTINATION_NOT_FOUND, CONNECT, ev);
    }
    return match(
        Responder.HEROKU, via ? 97 : 90, f.status == 503 ? SERVICE_UNAVAILABLE : null, null, ev);
  }
}
