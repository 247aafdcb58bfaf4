package dev.failsoft.diagnosis;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * Which hop produced a response or a failure: a proxy, load balancer, CDN or gateway by product,
 * the origin server itself, or {@link #UNKNOWN}.
 *
 * <p>{@link #id()} is a stable lower-case id used in JSON, logs and metrics ({@code nginx}, {@code
 * aws-alb}, {@code origin}…); {@link #product()} is the name a person reads. The constants cover
 * the products Failsoft recognises out of the box; a user's own signature rule may name another
 * with {@link #of(String, String)}. Records compare by id and product.
 *
 * @param id stable lower-case id: letters, digits and hyphens
 * @param product human-readable product name
 */
public record Responder(String id, String product) {

  /** nginx as a reverse proxy. */
  public static final Responder NGINX = new Responder("nginx", "nginx");

  /** OpenResty, nginx bundled with LuaJIT; its pages name it apart from nginx. */
  public static final Responder OPENRESTY = new Responder("openresty", "OpenResty");

  /** The Kubernetes ingress-nginx controller. */
  public static final Responder INGRESS_NGINX =
      new Responder("ingress-nginx", "Kubernetes ingress-nginx");

  /** Apache httpd proxying with mod_proxy. */
  public static final Responder APACHE = new Responder("apache", "Apache httpd (mod_proxy)");

  /** HAProxy. */
  public static final Responder HAPROXY = new Responder("haproxy", "HAProxy");

  /** Envoy proxy, standalone or as a gateway. */
  public static final Responder ENVOY = new Responder("envoy", "Envoy");

  /** Envoy running as an Istio sidecar or gateway. */
  public static final Responder ISTIO = new Responder("istio", "Istio (Envoy sidecar)");

  /** Traefik Proxy. */
  public static final Responder TRAEFIK = new Responder("traefik", "Traefik");

  /** Caddy's {@code reverse_proxy}. */
  public static final Responder CADDY = new Responder("caddy", "Caddy");

  /** Varnish Cache. */
  public static final Responder VARNISH = new Responder("varnish", "Varnish Cache");

  /** Squid proxy cache. */
  public static final Responder SQUID = new Responder("squid", "Squid");

  /** Cloudflare's edge (the CDN in front of the origin). */
  public static final Responder CLOUDFLARE = new Responder("cloudflare", "Cloudflare");

  /** AWS Application Load Balancer. */
  public static final Responder AWS_ALB = new Responder("aws-alb", "AWS Application Load Balancer");

  /** AWS Classic Load Balancer. */
  public static final Responder AWS_ELB = new Responder("aws-elb", "AWS Classic Load Balancer");

  /** Amazon CloudFront (CDN). */
  public static final Responder AWS_CLOUDFRONT =
      new Responder("aws-cloudfront", "Amazon CloudFront");

  /** Amazon API Gateway. */
  public static final Responder AWS_API_GATEWAY =
      new Responder("aws-api-gateway", "Amazon API Gateway");

  /** Google Cloud Load Balancing's Google Front End. */
  public static final Responder GOOGLE_GFE =
      new Responder("google-gfe", "Google Cloud Load Balancing (GFE)");

  /** Azure Application Gateway. */
  public static final Responder AZURE_APP_GATEWAY =
      new Responder("azure-app-gateway", "Azure Application Gateway");

  /** Azure Front Door (CDN). */
  public static final Responder AZURE_FRONT_DOOR =
      new Responder("azure-front-door", "Azure Front Door");

  /** Akamai's edge (CDN). */
  public static final Responder AKAMAI = new Responder("akamai", "Akamai");

  /** Fastly's edge (CDN). */
  public static final Responder FASTLY = new Responder("fastly", "Fastly");

  /** Heroku's router. */
  public static final Responder HEROKU = new Responder("heroku", "Heroku router");

  /** Kong Gateway. */
  public static final Responder KONG = new Responder("kong", "Kong Gateway");

  /** Spring Cloud Gateway. */
  public static final Responder SPRING_CLOUD_GATEWAY =
      new Responder("spring-cloud-gateway", "Spring Cloud Gateway");

  /** The Node.js {@code http-proxy} library. */
  public static final Responder NODE_HTTP_PROXY =
      new Responder("node-http-proxy", "Node http-proxy");

  /** Apache Tomcat, answering as a proxy or for a failed web application. */
  public static final Responder TOMCAT = new Responder("tomcat", "Apache Tomcat");

  /** Eclipse Jetty, answering as a proxy or for a failed web application. */
  public static final Responder JETTY = new Responder("jetty", "Eclipse Jetty");

  /** The origin server answered for itself (its own 5xx, possibly passed through hops). */
  public static final Responder ORIGIN = new Responder("origin", "the origin server");

  /** The caller's own HTTP client: the failure happened before any hop answered. */
  public static final Responder CLIENT = new Responder("client", "the HTTP client");

  /** Nothing tells which hop spoke. */
  public static final Responder UNKNOWN = new Responder("unknown", "an unidentified hop");

  private static final List<Responder> KNOWN =
      List.of(
          NGINX,
          OPENRESTY,
          INGRESS_NGINX,
          APACHE,
          HAPROXY,
          ENVOY,
          ISTIO,
          TRAEFIK,
          CADDY,
          VARNISH,
          SQUID,
          CLOUDFLARE,
          AWS_ALB,
          AWS_ELB,
          AWS_CLOUDFRONT,
          AWS_API_GATEWAY,
          GOOGLE_GFE,
          AZURE_APP_GATEWAY,
          AZURE_FRONT_DOOR,
          AKAMAI,
          FASTLY,
          HEROKU,
          KONG,
          SPRING_CLOUD_GATEWAY,
          NODE_HTTP_PROXY,
          TOMCAT,
          JETTY,
          ORIGIN,
          CLIENT,
          UNKNOWN);

  /**
   * Checks the components.
   *
   * @param id stable lower-case id: letters, digits and hyphens
   * @param product human-readable product name
   * @throws NullPointerException if {@code id} or {@code product} is null
   * @throws IllegalArgumentException if {@code id} is empty or holds anything but lower-case ASCII
   *     letters, digits and hyphens
   */
  public Responder {
    requireNonNull(id, "id");
    requireNonNull(product, "product");
    if (id.isEmpty()
        || !id.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
      throw new IllegalArgumentException(
          "id: \"" + id + "\" (expected: lower-case letters, digits and hyphens)");
    }
  }

  /**
   * Returns a responder for a product Failsoft does not know, for a user's own rules.
   *
   * @param id stable lower-case id: letters, digits and hyphens
   * @param product human-readable product name
   * @return the responder; equal to a built-in one when both components match it
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code id} is not lower-case letters, digits and hyphens
   */
  public static Responder of(String id, String product) {
    return new Responder(id, product);
  }

  /**
   * Returns the built-in responder with this id.
   *
   * @param id the id, compared exactly (case-sensitively)
   * @return the built-in responder, or empty when none has this id
   * @throws NullPointerException if {@code id} is null
   */
  public static Optional<Responder> known(String id) {
    requireNonNull(id, "id");
    for (Responder r : KNOWN) {
      if (r.id.equals(id)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns every built-in responder.
   *
   * @return an unmodifiable list of the constants of this class
   */
  public static List<Responder> knownResponders() {
    return KNOWN;
  }

  /**
   * Returns whether this is a real hop: neither the origin, the client nor unknown.
   *
   * @return true for a proxy, load balancer, CDN or gateway
   */
  public boolean isIntermediary() {
    return !equals(ORIGIN) && !equals(CLIENT) && !equals(UNKNOWN);
  }

  /**
   * Returns the id.
   *
   * @return {@link #id()}
   */
  @Override
  public String toString() {
    return id;
  }
}
