package dev.failsoft.diagnosis.capture;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.testing.CaptureCase;
import dev.failsoft.testing.CaptureProxy;
import dev.failsoft.testing.CaptureProxy.Origin;
import dev.failsoft.testing.CaptureProxy.Product;
import dev.failsoft.testing.FaultServer;
import dev.failsoft.testing.NxdomainDns;
import dev.failsoft.testing.ProxyProcess;
import dev.failsoft.testing.RawHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The live capture harness: starts each installed Debian proxy (nginx, HAProxy, Apache, Varnish,
 * Squid, Caddy) on a free loopback port with a generated configuration in front of a raw-socket
 * origin that misbehaves one {@link CaptureCase} way, sends one request over a plain socket and
 * keeps every byte the proxy wrote back, plus its logs. A product whose binary is absent is skipped
 * with a message naming the binary.
 *
 * <p>With {@code -Dfailsoft.capture=true} (see {@code captures/recapture.sh}) it writes the bytes
 * as fixtures under {@code fixtures/captured/<product>/}; otherwise it checks that the live proxy
 * still answers with the committed fixture's status line, so a fixture that no longer matches the
 * installed product fails loudly. {@link CapturedDiagnosisTest} scores the diagnosis on the
 * fixtures without any binary.
 */
class ProxyCaptureHarnessTest {
  static final Path FIXTURES = Path.of("src/test/resources/fixtures/captured");
  static final boolean WRITE = Boolean.getBoolean("failsoft.capture");
  static final String RESOLVABLE_BY_LOOPBACK_DNS = "failsoft-dns.invalid";
  // A name glibc and Go refuse before sending any query (an empty label): a DNS failure with no
  // packet leaving the machine, for products that only use the system resolver.
  static final String REFUSED_BY_RESOLVER = "failsoft..invalid";

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    String only = System.getProperty("failsoft.capture.products", "");
    for (Product p : Product.values()) {
      if (!only.isEmpty() && !List.of(only.split(",")).contains(p.id())) {
        continue;
      }
      for (CaptureCase c : CaptureCase.values()) {
        all.add(Arguments.of(p, c));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void capturesWhatTheProxyWritesForEachOriginFailure(Product product, CaptureCase c)
      throws Exception {
    ProxyProcess.assumeBinary(product.binary());
    Assumptions.assumeFalse(
        c == CaptureCase.DNS_FAIL && product == Product.VARNISH,
        "varnish resolves backends when it loads the VCL: a DNS failure is a startup error");
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      Origin origin = arm(product, c, resources);
      try (CaptureProxy proxy = CaptureProxy.start(product, origin)) {
        byte[] raw = fetch(proxy, product, origin, c);
        Map<String, String> logs = settledLogs(proxy);
        if (WRITE) {
          write(product, c, raw, logs, proxy.product().version());
        } else {
          compare(product, c, raw);
        }
      }
    } finally {
      for (AutoCloseable r : resources) {
        r.close();
      }
    }
  }

  /** Sets up the origin side of {@code c}, registering what must be closed afterwards. */
  static Origin arm(Product product, CaptureCase c, List<AutoCloseable> resources)
      throws IOException {
    switch (c) {
      case REFUSED -> {
        return new Origin("127.0.0.1", FaultServer.closedPort(), 0);
      }
      case SYN_DROP -> {
        ServerSocket full = new ServerSocket();
        resources.add(full);
        full.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        Assumptions.assumeTrue(
            fillAcceptQueue(full, resources),
            "this kernel does not drop SYNs on a full accept queue");
        return new Origin("127.0.0.1", full.getLocalPort(), 0);
      }
      case DNS_FAIL -> {
        if (product == Product.NGINX || product == Product.HAPROXY) {
          NxdomainDns dns = NxdomainDns.start();
          resources.add(dns);
          return new Origin(RESOLVABLE_BY_LOOPBACK_DNS, 80, dns.port());
        }
        if (product == Product.SQUID) {
          NxdomainDns dns;
          try {
            dns = NxdomainDns.start(53); // squid's dns_nameservers takes no port
          } catch (IOException e) {
            Assumptions.abort("squid needs a DNS server on 127.0.0.1:53, which is taken: " + e);
            throw e;
          }
          resources.add(dns);
          return new Origin(RESOLVABLE_BY_LOOPBACK_DNS, 80, 53);
        }
        return new Origin(REFUSED_BY_RESOLVER, 80, 0);
      }
      default -> {
        FaultServer server = FaultServer.start().mode(c.mode()).respond(c.originResponse());
        resources.add(server);
        return new Origin("127.0.0.1", server.port(), 0);
      }
    }
  }

  /** Connects until the listener's queue is full; true when a further connect times out. */
  static boolean fillAcceptQueue(ServerSocket full, List<AutoCloseable> resources) {
    for (int i = 0; i < 16; i++) {
      Socket s = new Socket();
      resources.add(s);
      try {
        s.connect(full.getLocalSocketAddress(), 300);
      } catch (SocketTimeoutException e) {
        return true;
      } catch (IOException e) {
        return false;
      }
    }
    return false;
  }

  /** Sends one GET through the proxy and returns every byte until it closes. */
  static byte[] fetch(CaptureProxy proxy, Product product, Origin origin, CaptureCase c)
      throws IOException {
    String path = "/" + c.id();
    String target = product == Product.SQUID ? "http://" + origin.authority() + path : path;
    String host = product == Product.SQUID ? origin.authority() : "127.0.0.1:" + proxy.port();
    String request =
        "GET "
            + target
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\nUser-Agent: failsoft-capture\r\nAccept: */*\r\nConnection: close\r\n\r\n";
    return RawHttp.exchange(proxy.port(), request, Duration.ofSeconds(15));
  }

  /** Returns the logs once they stop growing (HAProxy and Squid log when the stream closes). */
  static Map<String, String> settledLogs(CaptureProxy proxy) throws IOException {
    Map<String, String> last = proxy.logs();
    long deadline = System.nanoTime() + 3_000_000_000L;
    int stable = 0;
    while (System.nanoTime() < deadline && stable < 3) {
      try {
        Thread.sleep(150);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      Map<String, String> now = proxy.logs();
      stable = now.equals(last) ? stable + 1 : 0;
      last = now;
    }
    return last;
  }

  static String responseFile(CaptureCase c, byte[] raw) {
    return c.id() + (RawHttp.parse(raw).status() > 0 ? ".http" : ".raw");
  }

  static void write(
      Product product, CaptureCase c, byte[] raw, Map<String, String> logs, String version)
      throws IOException {
    Path dir = Files.createDirectories(FIXTURES.resolve(product.id()));
    Files.deleteIfExists(dir.resolve(c.id() + ".http"));
    Files.deleteIfExists(dir.resolve(c.id() + ".raw"));
    Files.write(dir.resolve(responseFile(c, raw)), raw);
    for (Map.Entry<String, String> log : logs.entrySet()) {
      Files.writeString(
          dir.resolve(c.id() + "." + logName(log.getKey())), log.getValue(), ISO_8859_1);
    }
    Files.writeString(dir.resolve("VERSION"), version + "\n", ISO_8859_1);
  }

  /** The fixture suffix of a kept log file. */
  static String logName(String file) {
    return switch (file) {
      case "process.out" -> "haproxy.log";
      case "varnishlog.txt" -> "varnishlog";
      default -> file;
    };
  }

  static void compare(Product product, CaptureCase c, byte[] raw) throws IOException {
    Path dir = FIXTURES.resolve(product.id());
    Optional<String> version = read(dir.resolve("VERSION")).map(String::strip);
    Assumptions.assumeTrue(
        version.isPresent() && version.get().equals(product.version()),
        () -> "fixtures of " + product.id() + " were captured from " + version.orElse("nothing"));
    Path fixture = dir.resolve(responseFile(c, raw));
    assertThat(fixture).as("a committed capture with the live answer's shape").exists();
    RawHttp.Response live = RawHttp.parse(raw);
    RawHttp.Response kept = RawHttp.parse(Files.readAllBytes(fixture));
    assertThat(live.statusLine()).isEqualTo(kept.statusLine());
    assertThat(live.headers().names()).isEqualTo(kept.headers().names());
  }

  static Optional<String> read(Path file) throws IOException {
    return Files.exists(file) ? Optional.of(Files.readString(file, ISO_8859_1)) : Optional.empty();
  }
}
