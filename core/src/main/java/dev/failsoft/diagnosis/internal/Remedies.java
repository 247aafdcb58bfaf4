package dev.failsoft.diagnosis.internal;

import static dev.failsoft.diagnosis.FailureKind.BAD_GATEWAY;
import static dev.failsoft.diagnosis.FailureKind.CANCELED;
import static dev.failsoft.diagnosis.FailureKind.CONNECTION_LIMIT_REACHED;
import static dev.failsoft.diagnosis.FailureKind.CONNECTION_READ_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.CONNECTION_REFUSED;
import static dev.failsoft.diagnosis.FailureKind.CONNECTION_TERMINATED;
import static dev.failsoft.diagnosis.FailureKind.CONNECTION_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.CONNECTION_WRITE_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.DESTINATION_IP_UNROUTABLE;
import static dev.failsoft.diagnosis.FailureKind.DESTINATION_NOT_FOUND;
import static dev.failsoft.diagnosis.FailureKind.DESTINATION_UNAVAILABLE;
import static dev.failsoft.diagnosis.FailureKind.DNS_ERROR;
import static dev.failsoft.diagnosis.FailureKind.DNS_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.GATEWAY_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.HTTP_PROTOCOL_ERROR;
import static dev.failsoft.diagnosis.FailureKind.HTTP_RESPONSE_BODY_SIZE;
import static dev.failsoft.diagnosis.FailureKind.HTTP_RESPONSE_HEADER_SECTION_SIZE;
import static dev.failsoft.diagnosis.FailureKind.HTTP_RESPONSE_INCOMPLETE;
import static dev.failsoft.diagnosis.FailureKind.HTTP_RESPONSE_TIMEOUT;
import static dev.failsoft.diagnosis.FailureKind.HTTP_STREAM_RESET;
import static dev.failsoft.diagnosis.FailureKind.ORIGIN_ERROR;
import static dev.failsoft.diagnosis.FailureKind.PROXY_INTERNAL_ERROR;
import static dev.failsoft.diagnosis.FailureKind.RATE_LIMITED;
import static dev.failsoft.diagnosis.FailureKind.SERVICE_UNAVAILABLE;
import static dev.failsoft.diagnosis.FailureKind.TLS_ALERT_RECEIVED;
import static dev.failsoft.diagnosis.FailureKind.TLS_CERTIFICATE_ERROR;
import static dev.failsoft.diagnosis.FailureKind.TLS_PROTOCOL_ERROR;
import static dev.failsoft.diagnosis.FailureKind.UNKNOWN;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Responder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue of likely causes and concrete remedies per failure kind and responder.
 *
 * <p>It is data, built once: causes per kind (most likely first), remedies per kind that hold
 * whatever the hop, and remedies per responder × kind naming the log to read, the line to look for
 * and the setting to change (log lines from {@code LOG-FORMATS.md}). A responder with no entry for
 * a kind still gets its "where to look" line before the generic remedies. Every kind has at least
 * one cause and one remedy. Lists are immutable; lookups allocate nothing for the built-in
 * responders. Thread-safe.
 */
public final class Remedies {
  private static final String OOM =
      "check whether the kernel OOM killer ended the server: dmesg | grep -i 'killed process'"
          + " or journalctl -k | grep -i 'out of memory' (in Kubernetes: OOMKilled, exit 137)";
  private static final String CHECK_LISTEN =
      "check the service is running and listening on the address the hop uses:"
          + " ss -ltnp | grep <port>, systemctl status <service>, curl -v http://<host>:<port>/"
          + " from the hop's host";
  private static final String FIREWALL =
      "check firewalls and security groups between the hop and the server (a REJECT rule"
          + " refuses, a DROP rule times out): iptables -L -n, the cloud security group and"
          + " network ACL";
  private static final String KEEPALIVE =
      "make the server's keep-alive timeout longer than the hop's idle timeout, so the server"
          + " never closes a connection the hop is about to reuse";

  private static final Map<FailureKind, List<String>> CAUSES = new EnumMap<>(FailureKind.class);
  private static final Map<FailureKind, List<String>> GENERIC = new EnumMap<>(FailureKind.class);
  private static final Map<String, Map<FailureKind, List<String>>> SPECIFIC = new HashMap<>();
  private static final Map<String, String> WHERE = new HashMap<>();
  private static final Map<String, Map<FailureKind, List<String>>> JOINED = new HashMap<>();
  private static final List<String> NGINX_LIMIT_CAUSES =
      List.of(
          "nginx limit_req or limit_conn rejected the request (their default status is 503);"
              + " the upstream never saw it",
          "a burst or retry storm exceeded the zone's rate");

  static {
    cause(
        DNS_ERROR,
        "the host name does not exist or has no A/AAAA record (NXDOMAIN, typo,"
            + " record deleted)",
        "the resolver the hop or client uses is failing or unreachable",
        "a split-horizon or container DNS (Docker 127.0.0.11, CoreDNS) does not know the name");
    remedy(
        DNS_ERROR,
        "resolve the name from the same host: dig +short <host>, getent hosts"
            + " <host>; compare with the authoritative answer (dig @<ns> <host>)",
        "check /etc/resolv.conf and the resolver's health; in Kubernetes check CoreDNS pods"
            + " and the Service name (<svc>.<ns>.svc.cluster.local)",
        "remember the JVM caches lookups (networkaddress.cache.ttl); lower it if records move");
    cause(
        DNS_TIMEOUT,
        "the resolver is overloaded, unreachable or rate limiting",
        "UDP port 53 is blocked or packets are dropped");
    remedy(
        DNS_TIMEOUT,
        "time a lookup from the same host: dig <host> (look at 'Query time')",
        "check resolver reachability (port 53 UDP and TCP) and the conntrack table"
            + " (nf_conntrack: table full in dmesg)");
    cause(
        DESTINATION_NOT_FOUND,
        "no route, virtual host or upstream is configured for this"
            + " request (host or path not matched)",
        "the upstream cluster or service was removed or" + " renamed");
    remedy(
        DESTINATION_NOT_FOUND,
        "check the hop's routing table for the request's Host and path"
            + " (server_name/location, ingress rules, Envoy route config)",
        "check the service or cluster the route points at still exists");
    cause(
        DESTINATION_UNAVAILABLE,
        "every server behind the hop is marked down by health checks",
        "the pool or target group is empty (no registered targets, no ready endpoints)",
        "the servers crashed or are restarting (deploy, OOM kill)",
        "the hop disabled the server after earlier failures (retry window, passive checks)");
    remedy(
        DESTINATION_UNAVAILABLE,
        "list the pool's members and their health on the hop,"
            + " then check why they fail the health check (endpoint, status, timeout)",
        CHECK_LISTEN,
        OOM);
    cause(
        DESTINATION_IP_UNROUTABLE,
        "no route to the server's address (wrong IP, host down,"
            + " subnet or VPC routing missing)",
        "a DNS record points at an old or private address");
    remedy(
        DESTINATION_IP_UNROUTABLE,
        "check the route from the hop: ip route get <ip>,"
            + " traceroute <ip>; check the DNS record gives the address you expect",
        FIREWALL);
    cause(
        CONNECTION_REFUSED,
        "nothing listens on the port: the service is down, crashed or" + " still starting",
        "the service listens on another port or only on 127.0.0.1",
        "a firewall rejects the connection (TCP RST or ICMP unreachable)",
        "the accept backlog or unix socket listen queue is full");
    remedy(
        CONNECTION_REFUSED,
        CHECK_LISTEN,
        OOM,
        FIREWALL,
        "check the hop points at the right host and port (the upstream/backend address)");
    cause(
        CONNECTION_TIMEOUT,
        "the server's host is down or unreachable and SYNs go unanswered",
        "a firewall or security group drops the packets",
        "the server is so overloaded its" + " accept queue overflows");
    remedy(
        CONNECTION_TIMEOUT,
        FIREWALL,
        "check the host is up and reachable: nc -vz -w 3 <host>" + " <port> from the hop's host",
        "check the server's listen backlog"
            + " (ss -ltn: Recv-Q near Send-Q means the queue overflows)");
    cause(
        CONNECTION_TERMINATED,
        "the server closed an idle keep-alive connection just as the"
            + " hop reused it (idle timeout mismatch)",
        "the server process crashed or was killed" + " mid-request (OOM killer, worker timeout)",
        "a middlebox reset the connection");
    remedy(
        CONNECTION_TERMINATED,
        KEEPALIVE,
        OOM,
        "check the server's own log for worker"
            + " timeouts or crashes at that moment (e.g. gunicorn '[CRITICAL] WORKER TIMEOUT')");
    cause(
        CONNECTION_READ_TIMEOUT,
        "the server is slow: a slow query, lock contention, GC pause"
            + " or an upstream of its own",
        "the read timeout is shorter than the slowest legitimate" + " response",
        "the server hung or deadlocked");
    remedy(
        CONNECTION_READ_TIMEOUT,
        "find the slow requests in the server's access log (response"
            + " time) and profile them; take a thread dump (jstack) if it hangs",
        "raise the client's" + " read timeout only if the slow response is legitimate");
    cause(
        CONNECTION_WRITE_TIMEOUT,
        "the server stopped reading the request (overloaded, stuck)",
        "a large request body over a slow or congested network");
    remedy(
        CONNECTION_WRITE_TIMEOUT,
        "check the server is reading: its worker pool and CPU",
        "raise the write timeout for large uploads, or stream them");
    cause(
        CONNECTION_LIMIT_REACHED,
        "the connection pool, queue or circuit breaker of the hop" + " overflowed under load",
        "the server's own connection or worker limit is reached");
    remedy(
        CONNECTION_LIMIT_REACHED,
        "compare load with the configured limits (pool size,"
            + " maxconn, circuit-breaker thresholds) and raise them or add capacity",
        "back off and retry later; look for a retry storm multiplying the load");
    cause(
        TLS_PROTOCOL_ERROR,
        "the two sides share no TLS version or cipher",
        "plain HTTP is" + " spoken on a TLS port or TLS on a plain port",
        "SNI is missing or wrong");
    remedy(
        TLS_PROTOCOL_ERROR,
        "test the handshake from the hop: openssl s_client -connect"
            + " <host>:<port> -servername <host>",
        "check both sides' enabled protocols and ciphers,"
            + " and that the hop uses https for a TLS upstream (and sends SNI)");
    cause(
        TLS_CERTIFICATE_ERROR,
        "the server's certificate expired or is not yet valid",
        "the certificate's name does not match the host name used",
        "the chain is incomplete"
            + " or signed by a CA the client does not trust (self-signed, private CA)");
    remedy(
        TLS_CERTIFICATE_ERROR,
        "inspect the chain: openssl s_client -connect <host>:<port>"
            + " -servername <host> -showcerts | openssl x509 -noout -dates -subject -ext"
            + " subjectAltName",
        "renew the certificate or install the intermediate certificates;"
            + " add a private CA to the client's trust store rather than disabling verification");
    cause(
        TLS_ALERT_RECEIVED,
        "the server rejected the handshake: client certificate missing or"
            + " refused (mTLS), unsupported version, unknown SNI");
    remedy(
        TLS_ALERT_RECEIVED,
        "read the alert name (handshake_failure, bad_certificate,"
            + " unknown_ca) with -Djavax.net.debug=ssl:handshake or openssl s_client",
        "check mTLS" + " client certificates and the server's SNI configuration");
    cause(
        HTTP_RESPONSE_INCOMPLETE,
        "the server closed the connection before completing the"
            + " response (crash, worker killed, timeout on its side)",
        "Content-Length larger than" + " the body sent",
        "a middlebox cut the response");
    remedy(
        HTTP_RESPONSE_INCOMPLETE,
        OOM,
        "check the server's log for the request and for worker" + " restarts at that time",
        KEEPALIVE);
    cause(
        HTTP_RESPONSE_HEADER_SECTION_SIZE,
        "the server sent more header bytes than the hop"
            + " buffers (large cookies, long Set-Cookie or CSP headers)");
    remedy(
        HTTP_RESPONSE_HEADER_SECTION_SIZE,
        "shrink the response headers, or raise the hop's"
            + " header buffer (nginx proxy_buffer_size, HAProxy tune.bufsize, Envoy"
            + " max_response_headers_kb)");
    cause(
        HTTP_RESPONSE_BODY_SIZE,
        "the response body exceeds the hop's limit (e.g. Lambda 6 MB,"
            + " a proxy's max body size)");
    remedy(HTTP_RESPONSE_BODY_SIZE, "paginate or stream the response, or raise the hop's limit");
    cause(
        HTTP_PROTOCOL_ERROR,
        "the server sent invalid HTTP: a bad status line, bad chunking,"
            + " duplicate or conflicting Content-Length, invalid header characters",
        "the port" + " speaks another protocol (HTTP/2 prior knowledge, TLS, gRPC, FastCGI)",
        "a serverless" + " function returned a malformed proxy response");
    remedy(
        HTTP_PROTOCOL_ERROR,
        "capture the raw response: curl -v --raw http://<server>/..."
            + " from the hop's host and check the status line and framing",
        "check the hop talks"
            + " the protocol the server speaks (http vs https, h2c, fastcgi_pass vs proxy_pass)");
    cause(
        HTTP_RESPONSE_TIMEOUT,
        "the server took longer than the hop's response timeout"
            + " (slow query, lock, overload, its own slow upstream)",
        "the hop's timeout is shorter" + " than the slowest legitimate response",
        "the server hung");
    remedy(
        HTTP_RESPONSE_TIMEOUT,
        "find the slow endpoint in the server's access log and fix"
            + " it; raise the hop's timeout only if the duration is legitimate",
        "check server" + " saturation: CPU, worker pool, database connections, GC pauses");
    cause(
        HTTP_STREAM_RESET,
        "the server reset the HTTP/2 stream (RST_STREAM): overload"
            + " (REFUSED_STREAM), a crash, or a max-concurrent-streams limit",
        "a keep-alive or GOAWAY" + " race on a reused connection");
    remedy(
        HTTP_STREAM_RESET,
        "read the reset code in the hop's or client's log (REFUSED_STREAM" + " is safe to retry)",
        "check the server's HTTP/2 limits and logs at that moment");
    cause(
        PROXY_INTERNAL_ERROR,
        "the hop itself is misconfigured or failing (bad config,"
            + " resource exhaustion, plugin or filter error)",
        "the hop maps an upstream error it" + " does not know to 500");
    remedy(
        PROXY_INTERNAL_ERROR,
        "read the hop's own error log for the request at that moment",
        "validate the hop's configuration (nginx -t, haproxy -c -f, envoy --mode validate)");
    cause(
        BAD_GATEWAY,
        "the server refused or reset the connection",
        "the server closed the" + " connection without a response (crash, keep-alive race)",
        "the server sent an invalid" + " response");
    remedy(
        BAD_GATEWAY,
        "read the hop's error log at that moment: it names the real cause",
        OOM,
        KEEPALIVE);
    cause(
        SERVICE_UNAVAILABLE,
        "no healthy server is available behind the hop",
        "the server is" + " overloaded or in maintenance",
        "the hop is shedding load or rate limiting");
    remedy(
        SERVICE_UNAVAILABLE,
        "check the health of the servers behind the hop and its health" + " checks",
        "honour Retry-After if present and back off");
    cause(
        GATEWAY_TIMEOUT,
        "the server did not answer within the hop's timeout",
        "the hop could not connect in time (firewall drops, host down)");
    remedy(
        GATEWAY_TIMEOUT,
        "find which timeout fired in the hop's log (connect vs read)",
        "profile the slow endpoint; raise the hop's timeout only if the duration is legitimate");
    cause(
        ORIGIN_ERROR,
        "the application failed handling the request (an exception, a bug, a"
            + " failed dependency such as the database)",
        "the application is misconfigured after a" + " deploy");
    remedy(
        ORIGIN_ERROR,
        "read the application's own log and stack trace for the request (match"
            + " the time and request id)",
        "check the application's dependencies (database, caches,"
            + " downstream APIs) and the latest deploy");
    cause(
        RATE_LIMITED,
        "this client exceeded a rate or concurrency limit",
        "a retry storm or" + " burst multiplied the request rate");
    remedy(
        RATE_LIMITED,
        "wait as long as Retry-After asks and back off with jitter",
        "reduce the request rate or ask for a higher quota; check the limit's key (IP, token)");
    cause(
        CANCELED,
        "the caller canceled the exchange or its deadline expired; not an upstream" + " failure");
    remedy(
        CANCELED,
        "none needed for the upstream; if unexpected, check the caller's deadline"
            + " and who canceled");
    cause(UNKNOWN, "nothing in the response or exception identifies the failure");
    remedy(
        UNKNOWN,
        "read the evidence and the logs of every hop at that moment; add a signature"
            + " rule for your gateway (Diagnoser.Builder.rule) if it has its own error page");

    where(
        Responder.NGINX,
        "read nginx's error.log (/var/log/nginx/error.log) at that time: the"
            + " line ends with 'while <action> upstream' and names the upstream");
    where(
        Responder.OPENRESTY,
        "read OpenResty's error.log (nginx format): the line names the"
            + " upstream and the failed action");
    where(
        Responder.INGRESS_NGINX,
        "read the controller's log: kubectl logs -n ingress-nginx"
            + " deploy/ingress-nginx-controller | grep -E 'upstream|no peer'");
    where(Responder.KONG, "read Kong's error.log (nginx format, /usr/local/kong/logs/error.log)");
    where(
        Responder.APACHE,
        "read Apache's error_log: look for AH00957/AH01114 (connect"
            + " failed) or AH01102 (error reading status line)");
    where(
        Responder.HAPROXY,
        "read the HAProxy log line for the request: the termination state"
            + " (SC, sC, SH, sH, sQ, PH) and the timers Tw/Tc/Tr tell the cause");
    where(
        Responder.ENVOY,
        "read Envoy's access log: %RESPONSE_FLAGS% (UF, UH, UT, UC, UO, UPE)"
            + " and %RESPONSE_CODE_DETAILS% name the cause");
    where(
        Responder.ISTIO,
        "read the sidecar's access log: kubectl logs <pod> -c istio-proxy;"
            + " the response flag (UF, UH, UT, UC, UO) and details name the cause");
    where(
        Responder.TRAEFIK,
        "enable Traefik's debug log: it says \"'502 Bad Gateway' caused"
            + " by: dial tcp ...\" with the Go error");
    where(
        Responder.CADDY,
        "read Caddy's http.log.error entries: msg holds the Go error (dial"
            + " tcp ...: connect: connection refused, context deadline exceeded)");
    where(
        Responder.VARNISH,
        "run varnishlog -g request -q 'RespStatus >= 500' and read the" + " FetchError record");
    where(
        Responder.FASTLY,
        "the cause is in the status text (obj.response); check the"
            + " backend's health and timeouts in the Fastly service configuration");
    where(
        Responder.SQUID,
        "read Squid's cache.log and the X-Squid-Error header (page name and" + " errno)");
    where(
        Responder.CLOUDFLARE,
        "look the code up in Cloudflare's 5xx docs; check the origin's"
            + " logs for the CF-RAY id and allow Cloudflare's IP ranges");
    where(
        Responder.AWS_ALB,
        "read the ALB access log: elb_status_code set with"
            + " target_status_code '-' means the ALB generated it; check target health in the"
            + " target group");
    where(
        Responder.AWS_ELB,
        "read the Classic ELB access log and the instances' health in the" + " console");
    where(
        Responder.AWS_CLOUDFRONT,
        "read the CloudFront access log's"
            + " x-edge-detailed-result-type (OriginConnectError, OriginDnsError, OriginCommError…)");
    where(
        Responder.AWS_API_GATEWAY,
        "enable API Gateway execution logs and read the"
            + " integration's log (CloudWatch) for the x-amzn-RequestId");
    where(
        Responder.GOOGLE_GFE,
        "read the load balancer's request log: jsonPayload.statusDetails"
            + " (failed_to_connect_to_backend, backend_timeout, failed_to_pick_backend…)");
    where(
        Responder.AZURE_APP_GATEWAY,
        "check Backend health in the Application Gateway and its"
            + " access log (serverStatus, serverResponseLatency)");
    where(
        Responder.AZURE_FRONT_DOOR,
        "search the Front Door access log for the x-azure-ref and"
            + " read ErrorInfo (OriginConnectionRefused, OriginTimeout, OriginInvalidResponse…)");
    where(
        Responder.AKAMAI,
        "decode the Reference # with Akamai's error-code tool (edge"
            + " diagnostics); the number before the first dot names the error");
    where(
        Responder.HEROKU,
        "read the router log: heroku logs --tail | grep 'code=H' (H10 app"
            + " crashed, H12 request timeout, H13 connection closed, H14 no web dynos…)");
    where(
        Responder.SPRING_CLOUD_GATEWAY,
        "read the gateway's log for the request id: look for"
            + " AbstractErrorWebExceptionHandler and the exception behind it");
    where(
        Responder.NODE_HTTP_PROXY,
        "read the proxy's console: '[HPM] Error occurred while"
            + " proxying request ... [ECONNREFUSED]' names the Node error code");
    where(
        Responder.TOMCAT,
        "read Tomcat's catalina.out and localhost.<date>.log for the"
            + " request's exception or the context's startup failure");
    where(
        Responder.JETTY,
        "read Jetty's log for the ProxyServlet failure (TimeoutException gives"
            + " 504, any other failure 502)");
    where(Responder.ORIGIN, "read the origin application's own log for the request");
    where(Responder.CLIENT, "enable the HTTP client's debug logging for the exchange");

    specific(
        Responder.NGINX,
        BAD_GATEWAY,
        "in error.log look for 'connect() failed (111:"
            + " Connection refused) while connecting to upstream' (service down),"
            + " 'upstream prematurely closed connection while reading response header from"
            + " upstream' (crash or keep-alive race), 'recv() failed (104: Connection reset by"
            + " peer)' or 'no live upstreams'",
        "for keep-alive races set keepalive_timeout on the"
            + " upstream longer than nginx's, or proxy_next_upstream error for idempotent requests");
    specific(
        Responder.NGINX,
        HTTP_RESPONSE_TIMEOUT,
        "in error.log look for 'upstream timed out"
            + " (110: Connection timed out) while reading response header from upstream'",
        "raise proxy_read_timeout (default 60s) only if the slow response is legitimate;"
            + " 'while connecting to upstream' means proxy_connect_timeout and an unreachable"
            + " server instead");
    specific(
        Responder.NGINX,
        RATE_LIMITED,
        "in error.log look for 'limiting requests, excess:"
            + " ... by zone \"...\"' (limit_req) or 'limiting connections by zone' (limit_conn)",
        "raise rate/burst in limit_req_zone/limit_req, or set limit_req_status 429 so clients"
            + " see rate limiting for what it is");
    specific(
        Responder.NGINX,
        CONNECTION_REFUSED,
        "in error.log look for 'connect() failed (111:"
            + " Connection refused) while connecting to upstream' and check the upstream address");
    specific(
        Responder.OPENRESTY,
        HTTP_RESPONSE_TIMEOUT,
        "in error.log look for 'upstream timed"
            + " out (110: Connection timed out) while reading response header from upstream';"
            + " raise proxy_read_timeout if legitimate");
    specific(
        Responder.INGRESS_NGINX,
        DESTINATION_UNAVAILABLE,
        "the Service has no ready"
            + " endpoints: kubectl get endpoints <svc> -n <ns>; check pod readiness probes and the"
            + " Ingress backend service name and port");
    specific(
        Responder.KONG,
        HTTP_RESPONSE_TIMEOUT,
        "raise the Service's read_timeout (default"
            + " 60000 ms) only if legitimate; error.log shows 'upstream timed out (110: ...)'");
    specific(
        Responder.KONG,
        DESTINATION_UNAVAILABLE,
        "all targets of the upstream are"
            + " unhealthy: check GET /upstreams/<name>/health on the Admin API");
    specific(
        Responder.APACHE,
        DESTINATION_UNAVAILABLE,
        "in error_log look for '(111)Connection"
            + " refused: AH00957: HTTP: attempt to connect to ... failed' then 'AH01114: HTTP:"
            + " failed to make connection to backend'",
        "AH00959/AH00940 mean the worker is disabled"
            + " for retry= seconds (default 60); lower retry= or fix the backend");
    specific(
        Responder.APACHE,
        BAD_GATEWAY,
        "in error_log look for 'AH01102: error reading"
            + " status line from remote server' with (70007) timeout, (104) reset or (70014) end of"
            + " file",
        "raise ProxyTimeout / timeout= on the worker for slow backends; for resets"
            + " align the backend's keep-alive with the worker's ttl=");
    specific(
        Responder.HAPROXY,
        DESTINATION_UNAVAILABLE,
        "the log shows <NOSRV> with 'SC--' or"
            + " 'sQ--' and 'backend <name> has no server available!': check why health checks mark"
            + " servers DOWN ('Server <b>/<s> is DOWN, reason: Layer4 connection problem')",
        "for sQ raise the server's maxconn or timeout queue, or add servers");
    specific(
        Responder.HAPROXY,
        HTTP_RESPONSE_TIMEOUT,
        "the log shows 'sH--': raise 'timeout"
            + " server' only if the slow response is legitimate, otherwise fix the slow endpoint");
    specific(
        Responder.HAPROXY,
        HTTP_RESPONSE_INCOMPLETE,
        "the log shows 'SH--' (server aborted"
            + " or crashed before complete headers) or 'PH--' (invalid response blocked): check the"
            + " server's log; 'show errors' on the runtime API shows the rejected bytes");
    specific(
        Responder.HAPROXY,
        GATEWAY_TIMEOUT,
        "'sC--' means timeout connect, 'sH--' timeout"
            + " server: raise the one that fired only if legitimate");
    for (Responder envoy : List.of(Responder.ENVOY, Responder.ISTIO)) {
      specific(
          envoy,
          CONNECTION_REFUSED,
          "flag UF with details"
              + " 'upstream_reset_before_response_started{remote_connection_failure,delayed_connect"
              + "_error:_Connection_refused}': the pod or host does not listen on the port; check"
              + " the cluster's endpoints and the container port");
      specific(
          envoy,
          CONNECTION_TIMEOUT,
          "flag UF with a timeout transport failure: check"
              + " network policy and the cluster's connect_timeout");
      specific(
          envoy,
          DESTINATION_UNAVAILABLE,
          "flag UH: no healthy host in the cluster; check"
              + " endpoints (istioctl proxy-config endpoints <pod>) and outlier detection ejections");
      specific(
          envoy,
          HTTP_RESPONSE_TIMEOUT,
          "flag UT: the route timeout (default 15s) or"
              + " per_try_timeout fired; raise it in the route (VirtualService timeout) only if"
              + " legitimate");
      specific(
          envoy,
          CONNECTION_LIMIT_REACHED,
          "flag UO: a circuit breaker overflowed; raise"
              + " max_connections / max_pending_requests / max_requests (DestinationRule"
              + " connectionPool) or add capacity");
      specific(
          envoy,
          CONNECTION_TERMINATED,
          "flag UC: the upstream closed the connection;"
              + " usually the app's keep-alive is shorter than Envoy's idle_timeout (1h): raise the"
              + " app's keep-alive or lower the cluster's idle_timeout, and allow retry_on reset");
      specific(
          envoy,
          HTTP_PROTOCOL_ERROR,
          "flag UPE: the upstream sent invalid HTTP; check the"
              + " port's protocol (appProtocol / port name http vs http2 vs tcp)");
    }
    specific(
        Responder.AWS_ALB,
        BAD_GATEWAY,
        "the target closed the connection: set the target's"
            + " keep-alive timeout longer than the ALB idle timeout (default 60s), e.g. nginx"
            + " keepalive_timeout 75s, Node server.keepAliveTimeout 65000",
        "check the target's"
            + " response is valid HTTP with headers under 32 KB, and its TLS if the target group is"
            + " HTTPS");
    specific(
        Responder.AWS_ALB,
        DESTINATION_UNAVAILABLE,
        "the target group has no registered"
            + " targets: register targets or check the Auto Scaling group / ECS service");
    specific(
        Responder.AWS_ALB,
        GATEWAY_TIMEOUT,
        "the target did not answer within the ALB idle"
            + " timeout (default 60s) or could not be connected in 10s: check security groups and"
            + " NACL ephemeral ports, then the target's latency; raise idle_timeout only if"
            + " legitimate");
    specific(
        Responder.CLOUDFLARE,
        CONNECTION_REFUSED,
        "521: the origin refused Cloudflare:"
            + " allow Cloudflare's IP ranges in the firewall and check the origin listens on 80/443");
    specific(
        Responder.CLOUDFLARE,
        CONNECTION_TIMEOUT,
        "522: no SYN+ACK within 19 s: check the"
            + " origin is up and that its firewall does not drop Cloudflare's IPs");
    specific(
        Responder.CLOUDFLARE,
        HTTP_RESPONSE_TIMEOUT,
        "524: the origin took longer than"
            + " 100-120 s: make the request asynchronous or move it to a grey-clouded host");
    specific(
        Responder.CLOUDFLARE,
        TLS_PROTOCOL_ERROR,
        "525: the TLS handshake with the origin"
            + " failed: check the origin serves TLS with SNI on 443 and supports modern ciphers");
    specific(
        Responder.CLOUDFLARE,
        TLS_CERTIFICATE_ERROR,
        "526: under Full (strict) the origin's"
            + " certificate is invalid: install a valid or Cloudflare Origin CA certificate");
    specific(
        Responder.HEROKU,
        SERVICE_UNAVAILABLE,
        "H10: the app crashed (heroku ps; look for"
            + " 'State changed from starting to crashed', R10 boot timeout, R14/R15 memory); H12:"
            + " the request took over 30 s; H13: the dyno closed the connection without a response"
            + " (worker timeout shorter than 30 s); H14: scale web dynos (heroku ps:scale web=1)");
    specific(
        Responder.SPRING_CLOUD_GATEWAY,
        PROXY_INTERNAL_ERROR,
        "Spring Cloud Gateway answers"
            + " 500 for a refused connection (AnnotatedConnectException: ... Connection refused):"
            + " check the route's uri and the service instance");
    specific(
        Responder.SPRING_CLOUD_GATEWAY,
        HTTP_RESPONSE_TIMEOUT,
        "raise"
            + " spring.cloud.gateway.httpclient.response-timeout (or the route's response-timeout"
            + " metadata) only if legitimate");
    specific(
        Responder.TOMCAT,
        SERVICE_UNAVAILABLE,
        "the web application is not available:"
            + " check catalina.out for a context that failed to start ('One or more listeners failed"
            + " to start') or is reloading");
    specific(
        Responder.ORIGIN,
        ORIGIN_ERROR,
        "find the request in the application log by time"
            + " or request id and read the exception");

    for (Responder r : Responder.knownResponders()) {
      Map<FailureKind, List<String>> joined = new EnumMap<>(FailureKind.class);
      for (FailureKind k : FailureKind.values()) {
        joined.put(k, join(r.id(), k));
      }
      JOINED.put(r.id(), joined);
    }
  }

  private Remedies() {}

  /** Returns likely causes of {@code kind} as seen at {@code responder}, most likely first. */
  public static List<String> causes(FailureKind kind, Responder responder) {
    if (kind == RATE_LIMITED && Responder.NGINX.equals(responder)) {
      return NGINX_LIMIT_CAUSES;
    }
    return CAUSES.getOrDefault(kind, List.of());
  }

  /** Returns concrete remedies for {@code kind} at {@code responder}, most useful first. */
  public static List<String> remedies(FailureKind kind, Responder responder) {
    if (kind == null) {
      return List.of();
    }
    Map<FailureKind, List<String>> joined = responder == null ? null : JOINED.get(responder.id());
    if (joined != null) {
      return joined.get(kind);
    }
    return GENERIC.getOrDefault(kind, List.of());
  }

  private static List<String> join(String responder, FailureKind kind) {
    List<String> out = new ArrayList<>();
    List<String> own = SPECIFIC.getOrDefault(responder, Map.of()).get(kind);
    if (own != null) {
      out.addAll(own);
    } else if (WHERE.containsKey(responder) && kind != CANCELED) {
      out.add(WHERE.get(responder));
    }
    for (String g : GENERIC.getOrDefault(kind, List.of())) {
      if (!out.contains(g)) {
        out.add(g);
      }
    }
    return List.copyOf(out);
  }

  private static void cause(FailureKind kind, String... causes) {
    CAUSES.put(kind, List.of(causes));
  }

  private static void remedy(FailureKind kind, String... remedies) {
    GENERIC.put(kind, List.of(remedies));
  }

  private static void where(Responder r, String line) {
    WHERE.put(r.id(), line);
  }

  private static void specific(Responder r, FailureKind kind, String... remedies) {
    SPECIFIC
        .computeIfAbsent(r.id(), k -> new EnumMap<>(FailureKind.class))
        .put(kind, List.of(remedies));
  }
}
