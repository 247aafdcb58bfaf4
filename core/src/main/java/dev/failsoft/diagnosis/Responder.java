package dev.failsoft.diagnosis;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * Which hop produced a response or a failure: a proxy, load balancer, CDN or gateway by product,
 * the origin server itself, or {@link #UNKNOWN}.
 *
 * <p>{@link #id()} is a stable lower-case id used in JSON, logs and metrics ({@code nginx},
 * {@code aws-alb}, {@code origin}…); {@link #product()} is the name a person reads. The constants
 * cover the products Failsoft recognises out of the box; a user's own signature rule may name
 * another with {@link #of(String, String)}. Records compare by id and product.
 *
 * @param id stable lower-case id: letters, digits and hyphens
 * @param product human-readable product name
 */
public record Responder(String id, String product) {

  public static final Responder NGINX = new Responder("nginx", "nginx");
  public static final Responder OPENRESTY = new Responder("openresty", "OpenResty");
  public static final Responder INGRESS_NGINX =
      new Responder("ingress-nginx", "Kubernetes ingress-nginx");
  public static final Responder APACHE = new Responder("apache", "Apache httpd (mod_proxy)");
  public static final Responder HAPROXY = new Responder("haproxy", "HAProxy");
  public static final Responder ENVOY = new Responder("envoy", "Envoy");
  public static final Responder ISTIO = new Responder("istio", "Istio (Envoy sidecar)");
  public static final Responder TRAEFIK = new Responder("traefik", "Traefik");
  public static final Responder CADDY = new Responder("caddy", "Caddy");
  public static final Responder VARNISH = new Responder("varnish", "Varnish Cache");
  public static final Responder SQUID = new Responder("squid", "Squid");
  public static final Responder CLOUDFLARE = new Responder("cloudflare", "Cloudflare");
  public static final Responder AWS_ALB =
      new Responder("aws-alb", "AWS Application Load Balancer");
  public static final Responder AWS_ELB = new Responder("aws-elb", "AWS Classic Load Balancer");
  public static final Responder AWS_CLOUDFRONT = new Responder("aws-cloudfront", "Amazon CloudFront");
  public static final Responder AWS_API_GATEWAY =
      new Responder("aws-api-gateway", "Amazon API Gateway");
  public static final Responder GOOGLE_GFE =
      new Responder("google-gfe", "Google Cloud Load Balancing (GFE)");
  public static final Responder AZURE_APP_GATEWAY =
      new Responder("azure-app-gateway", "Azure Application Gateway");
  public static final Responder AZURE_FRONT_DOOR =
      new Responder("azure-front-door", "Azure Front Door");
  public static final Responder AKAMAI = new Responder("akamai", "Akamai");
  public static final Responder FASTLY = new Responder("fastly", "Fastly");
  public static final Responder HEROKU = new Responder("heroku", "Heroku router");
  public static final Responder KONG = new Responder("kong", "Kong Gateway");
  public static final Responder SPRING_CLOUD_GATEWAY =
      new Responder("spring-cloud-gateway", "Spring Cloud Gateway");
  public static final Responder NODE_HTTP_PROXY =
      new Responder("node-http-proxy", "Node http-proxy");
  public static final Responder TOMCAT = new Responder("tomcat", "Apache Tomcat");
  public static final Responder JETTY = new Responder("jetty", "Eclipse Jetty");
  /** The origin server answered for itself (its own 5xx, possibly passed through hops). */
  public static final Responder ORIGIN = new Responder("origin", "the origin server");
  /** The caller's own HTTP client: the failure happened before any hop answered. */
  public static final Responder CLIENT = new Responder("client", "the HTTP client");
  /** Nothing tells which hop spoke. */
  public static final Responder UNKNOWN = new Responder("unknown", "an unidentified hop");

  private static final List<Responder> KNOWN =
      List.of(NGINX, OPENRESTY, INGRESS_NGINX, APACHE, HAPROXY, ENVOY, ISTIO, TRAEFIK, CADDY,
          VARNISH, SQUID, CLOUDFLARE, AWS_ALB, AWS_ELB, AWS_CLOUDFRONT, AWS_API_GATEWAY,
          GOOGLE_GFE, AZURE_APP_GATEWAY, AZURE_FRONT_DOOR, AKAMAI, FASTLY, HEROKU, KONG,
          SPRING_CLOUD_GATEWAY, NODE_HTTP_PROXY, TOMCAT, JETTY, ORIGIN, CLIENT, UNKNOWN);

  public Responder {
    requireNonNull(id, "id");
    requireNonNull(product, "product");
    if (id.isEmpty() || !id.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
        || c == '-')) {
      throw new IllegalArgumentException(
          "id: \"" + id + "\" (expected: lower-case letters, digits and hyphens)");
    }
  }

  /** Returns a responder for a product Failsoft does not know, for a user's own rules. */
  public static Responder of(String id, String product) {
    return new Responder(id, product);
  }

  /** Returns the built-in responder with this id, if there is one. */
  public static Optional<Responder> known(String id) {
    requireNonNull(id, "id");
    for (Responder r : KNOWN) {
      if (r.id.equals(id)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** Returns every built-in responder. */
  public static List<Responder> knownResponders() {
    return KNOWN;
  }

  /** Returns true when this is neither the origin, the client nor unknown: a real hop. */
  public boolean isIntermediary() {
    return !equals(ORIGIN) && !equals(CLIENT) && !equals(UNKNOWN);
  }

  @Override
  public String toString() {
    return id;
  }
}
