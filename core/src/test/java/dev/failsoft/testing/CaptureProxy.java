package dev.failsoft.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One of the six Debian bookworm reverse proxies the capture harness runs — nginx 1.22, HAProxy
 * 2.6, Apache httpd 2.4, Varnish 7.1, Squid 5.7, Caddy 2.6 — as a child process on a free loopback
 * port with a generated configuration in front of one origin, with short (1-2 s) upstream timeouts
 * and every log in the process's temporary directory. Squid runs as a forward proxy (the capture
 * client sends it an absolute URI); the others as reverse proxies. Not thread-safe.
 */
public final class CaptureProxy extends ProxyProcess {

  /** The products, with their binary and the log files a capture keeps. */
  public enum Product {
    NGINX("nginx", "nginx", List.of("error.log")),
    HAPROXY("haproxy", "haproxy", List.of("process.out")),
    APACHE("apache", "apache2", List.of("error.log", "access.log")),
    VARNISH("varnish", "varnishd", List.of("varnishlog.txt")),
    SQUID("squid", "squid", List.of("access.log", "cache.log")),
    CADDY("caddy", "caddy", List.of("caddy.log"));

    private final String id;
    private final String binary;
    private final List<String> logs;

    Product(String id, String binary, List<String> logs) {
      this.id = id;
      this.binary = binary;
      this.logs = logs;
    }

    /** Returns the fixture folder name, e.g. {@code squid}. */
    public String id() {
      return id;
    }

    /** Returns the binary's file name. */
    public String binary() {
      return binary;
    }

    /** Returns the log files kept per capture, by name in the process directory. */
    public List<String> logs() {
      return logs;
    }

    /** Returns the installed binary, if any. */
    public Optional<Path> installed() {
      return findBinary(binary);
    }

    /** Returns the version banner of the installed binary. */
    public String version() {
      Path b = installed().orElseThrow();
      String out =
          switch (this) {
            case NGINX -> run(b, "-v");
            case HAPROXY, SQUID -> run(b, "-v");
            case APACHE -> run(b, "-v");
            case VARNISH -> run(b, "-V");
            case CADDY -> run(b, "version");
          };
      return out.lines().findFirst().orElse("").strip();
    }
  }

  /**
   * Where the proxy forwards: a host and port, and for products that can be given their own
   * resolver, the loopback UDP port of a DNS server (0 for none).
   */
  public record Origin(String host, int port, int dnsPort) {
    /** Returns {@code host:port}. */
    public String authority() {
      return host + ":" + port;
    }
  }

  private final Product product;
  private final Origin origin;

  private CaptureProxy(Product product, Origin origin) {
    super(product.id());
    this.product = product;
    this.origin = origin;
  }

  /** Starts {@code product} in front of {@code origin}; returns once it accepts. */
  public static CaptureProxy start(Product product, Origin origin) throws IOException {
    CaptureProxy p = new CaptureProxy(product, origin);
    p.start();
    return p;
  }

  /** Returns the product this process runs. */
  public Product product() {
    return product;
  }

  /**
   * Returns each kept log's contents by file name. Varnish keeps its log in shared memory, so its
   * log is dumped with {@code varnishlog -d -g request} first.
   */
  public Map<String, String> logs() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (product == Product.VARNISH) {
      Path varnishlog = findBinary("varnishlog").orElseThrow();
      Files.writeString(
          dir().resolve("varnishlog.txt"),
          run(varnishlog, "-n", dir().resolve("varnish").toString(), "-d", "-g", "request") + "\n",
          StandardCharsets.ISO_8859_1);
    }
    for (String name : product.logs()) {
      Path f = dir().resolve(name);
      out.put(name, Files.exists(f) ? Files.readString(f, StandardCharsets.ISO_8859_1) : "");
    }
    return out;
  }

  @Override
  protected Path binary() {
    return product
        .installed()
        .orElseThrow(() -> new IllegalStateException(product.binary() + " not installed"));
  }

  @Override
  protected Path logFile(Path dir) {
    return dir.resolve(product.logs().get(0));
  }

  @Override
  protected Map<String, String> environment(Path dir) {
    return product == Product.CADDY
        ? Map.of(
            "HOME", dir.toString(),
            "XDG_DATA_HOME", dir.resolve("data").toString(),
            "XDG_CONFIG_HOME", dir.resolve("config").toString())
        : Map.of();
  }

  @Override
  protected void writeConfig(Path dir, int port) throws IOException {
    String listen = "127.0.0.1:" + port;
    String config =
        switch (product) {
          case NGINX -> nginx(dir, listen);
          case HAPROXY -> haproxy(dir, listen);
          case APACHE -> apache(dir, listen);
          case VARNISH -> varnish();
          case SQUID -> squid(dir, port);
          case CADDY -> caddy(dir, listen);
        };
    Files.writeString(dir.resolve("proxy.conf"), config, StandardCharsets.US_ASCII);
    if (product == Product.SQUID) {
      // Squid drops to the "proxy" user, who must write its logs in this (0700) directory.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
  }

  private String nginx(Path dir, String listen) throws IOException {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    List<String> lines = new ArrayList<>();
    lines.add("master_process off;");
    lines.add("worker_processes 1;");
    lines.add("pid " + dir.resolve("nginx.pid") + ";");
    lines.add("error_log " + dir.resolve("error.log") + " notice;");
    lines.add("events { worker_connections 64; }");
    lines.add("http {");
    lines.add("  access_log off;");
    for (String t : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
      lines.add("  " + t + "_temp_path " + tmp.resolve(t) + ";");
    }
    if (origin.dnsPort() > 0) {
      lines.add("  resolver 127.0.0.1:" + origin.dnsPort() + " ipv6=off;");
      lines.add("  resolver_timeout 1s;");
    }
    lines.add("  server {");
    lines.add("    listen " + listen + ";");
    lines.add("    location / {");
    if (origin.dnsPort() > 0) {
      // A variable makes nginx resolve at request time, through the resolver above.
      lines.add("      set $origin http://" + origin.authority() + ";");
      lines.add("      proxy_pass $origin;");
    } else {
      lines.add("      proxy_pass http://" + origin.authority() + ";");
    }
    lines.add("      proxy_connect_timeout 1s;");
    lines.add("      proxy_send_timeout 2s;");
    lines.add("      proxy_read_timeout 2s;");
    lines.add("    }");
    lines.add("  }");
    lines.add("}");
    return String.join("\n", lines) + "\n";
  }

  private String haproxy(Path dir, String listen) {
    List<String> lines = new ArrayList<>();
    lines.addAll(
        List.of(
            "global",
            "  log stdout format raw local0 info",
            "  pidfile " + dir.resolve("haproxy.pid"),
            "defaults",
            "  mode http",
            "  log global",
            "  option httplog",
            "  retries 0",
            "  timeout connect 1s",
            "  timeout server 2s",
            "  timeout client 5s"));
    String server = "  server s1 " + origin.authority();
    if (origin.dnsPort() > 0) {
      lines.addAll(
          List.of(
              "resolvers dns",
              "  nameserver ns1 127.0.0.1:" + origin.dnsPort(),
              "  resolve_retries 1",
              "  timeout resolve 1s",
              "  timeout retry 1s"));
      server += " resolvers dns init-addr none";
    }
    lines.addAll(
        List.of(
            "frontend fe", "  bind " + listen, "  default_backend be", "backend be", server, ""));
    return String.join("\n", lines);
  }

  private String apache(Path dir, String listen) {
    String mods = "/usr/lib/apache2/modules/";
    return String.join(
        "\n",
        "ServerName 127.0.0.1",
        "Listen " + listen,
        // As Debian's conf-enabled/security.conf sets them: the <address> line on own pages.
        "ServerTokens OS",
        "ServerSignature On",
        "PidFile " + dir.resolve("httpd.pid"),
        "DefaultRuntimeDir " + dir,
        "Mutex file:" + dir + " default",
        "LoadModule mpm_event_module " + mods + "mod_mpm_event.so",
        "LoadModule authz_core_module " + mods + "mod_authz_core.so",
        "LoadModule proxy_module " + mods + "mod_proxy.so",
        "LoadModule proxy_http_module " + mods + "mod_proxy_http.so",
        "User www-data",
        "Group www-data",
        "ErrorLog " + dir.resolve("error.log"),
        "LogLevel warn",
        "LogFormat \"%h %l %u %t \\\"%r\\\" %>s %b \\\"%{Referer}i\\\" \\\"%{User-Agent}i\\\"\""
            + " combined",
        "CustomLog " + dir.resolve("access.log") + " combined",
        "ProxyPass / http://" + origin.authority() + "/ connectiontimeout=1 timeout=2 retry=0",
        "");
  }

  private String varnish() {
    return String.join(
        "\n",
        "vcl 4.1;",
        "backend default {",
        "  .host = \"" + origin.host() + "\";",
        "  .port = \"" + origin.port() + "\";",
        "  .connect_timeout = 1s;",
        "  .first_byte_timeout = 2s;",
        "  .between_bytes_timeout = 2s;",
        "}",
        "");
  }

  private String squid(Path dir, int port) {
    return String.join(
        "\n",
        "http_port 127.0.0.1:" + port,
        "http_access allow all",
        "cache deny all",
        "cache_mem 8 MB",
        "cache_effective_user proxy",
        "pid_filename " + dir.resolve("squid.pid"),
        "access_log stdio:" + dir.resolve("access.log"),
        "cache_log " + dir.resolve("cache.log"),
        "cache_store_log none",
        "coredump_dir " + dir,
        "netdb_filename none",
        "icp_port 0",
        "htcp_port 0",
        "shutdown_lifetime 0 seconds",
        "connect_timeout 1 seconds",
        "read_timeout 2 seconds",
        "forward_timeout 3 seconds",
        "dns_nameservers 127.0.0.1",
        "dns_timeout 2 seconds",
        "dns_v4_first on",
        "");
  }

  private String caddy(Path dir, String listen) {
    return String.join(
        "\n",
        "{",
        "  admin off",
        "  auto_https off",
        "  storage file_system " + dir.resolve("data"),
        "  log {",
        "    output file " + dir.resolve("caddy.log"),
        "    format json",
        "  }",
        "}",
        "http://" + listen + " {",
        "  reverse_proxy " + origin.authority() + " {",
        "    transport http {",
        "      dial_timeout 1s",
        "      response_header_timeout 2s",
        "    }",
        "  }",
        "}",
        "");
  }

  @Override
  protected List<String> command(Path binary, Path dir) {
    Path conf = dir.resolve("proxy.conf");
    return switch (product) {
      case NGINX ->
          List.of(
              binary.toString(),
              "-p",
              dir + "/",
              "-c",
              conf.toString(),
              "-e",
              dir.resolve("error.log").toString(),
              "-g",
              "daemon off;");
      case HAPROXY -> List.of(binary.toString(), "-db", "-f", conf.toString());
      case APACHE -> List.of(binary.toString(), "-X", "-d", dir.toString(), "-f", conf.toString());
      case VARNISH ->
          List.of(
              binary.toString(),
              "-F",
              "-j",
              "none",
              "-n",
              dir.resolve("varnish").toString(),
              "-a",
              "127.0.0.1:" + port(),
              "-f",
              conf.toString(),
              "-s",
              "malloc,16m",
              "-p",
              "vsl_space=4M");
      case SQUID -> List.of(binary.toString(), "-N", "-f", conf.toString());
      case CADDY ->
          List.of(binary.toString(), "run", "--config", conf.toString(), "--adapter", "caddyfile");
    };
  }

  @Override
  public String toString() {
    return product.id().toLowerCase(Locale.ROOT) + " on " + url() + " -> " + origin.authority();
  }
}
