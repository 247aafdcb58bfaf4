package dev.failsoft.diagnosis.internal;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an RFC 9209 {@code Proxy-Status} field: a Structured Fields list (RFC 8941 §3.1) whose
 * members are hop names (tokens or strings) with parameters such as {@code error}, {@code details}
 * and {@code received-status}.
 *
 * <p>RFC 9209 §2: the first member is the intermediary nearest the origin, the last the one nearest
 * the client. The member that reports an {@code error} generated the failure response; the hops
 * after it only passed it on (they carry {@code received-status}), so the first member with an
 * error is the one to trust.
 *
 * <p>The scanner is hand-written and tolerant: a malformed member is skipped, never thrown on; at
 * most {@value #MAX_MEMBERS} members and {@value #MAX_LENGTH} characters are read. Stateless and
 * thread-safe.
 */
public final class ProxyStatusParser {
  /** The most list members read; a longer list is cut. */
  static final int MAX_MEMBERS = 16;

  /** The most characters of the field read. */
  static final int MAX_LENGTH = 4096;

  private ProxyStatusParser() {}

  /**
   * One list member: the hop's name and the parameters Failsoft uses.
   *
   * @param name the hop's name (token or string), never empty
   * @param error the {@code error} parameter, or empty
   * @param details the {@code details} parameter, or empty
   * @param receivedStatus the {@code received-status} parameter, or -1
   */
  public record Member(String name, String error, String details, int receivedStatus) {

    /** Returns the failure kind the error type names, if Failsoft knows it. */
    public Optional<FailureKind> kind() {
      return kindOf(error);
    }

    /** Returns how far the hop's exchange got, when the error type tells. */
    public Optional<Phase> phase() {
      return phaseOf(error);
    }
  }

  /** Parses {@code field}; returns the members that could be read, in field order. */
  public static List<Member> parse(String field) {
    List<Member> members = new ArrayList<>(2);
    if (field == null) {
      return members;
    }
    String s = field.length() > MAX_LENGTH ? field.substring(0, MAX_LENGTH) : field;
    Scanner sc = new Scanner(s);
    while (sc.pos < s.length() && members.size() < MAX_MEMBERS) {
      sc.skipSpaces();
      Member m = sc.member();
      if (m != null) {
        members.add(m);
      }
      sc.skipPast(',');
    }
    return members;
  }

  /** Returns the member that generated the failure: the first with an error, if any. */
  public static Optional<Member> generator(List<Member> members) {
    for (Member m : members) {
      if (!m.error().isEmpty()) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** Maps an RFC 9209 §2.3 error type to a failure kind. */
  static Optional<FailureKind> kindOf(String error) {
    if (error.isEmpty()) {
      return Optional.empty();
    }
    for (FailureKind k : FailureKind.values()) {
      // HTTP_STREAM_RESET shares http_protocol_error; the enum order picks HTTP_PROTOCOL_ERROR.
      if (k.proxyStatus().filter(error::equals).isPresent()) {
        return Optional.of(k);
      }
    }
    return Optional.ofNullable(
        switch (error) {
          case "http_response_header_size" -> FailureKind.HTTP_RESPONSE_HEADER_SECTION_SIZE;
          case "http_response_trailer_section_size", "http_response_trailer_size" ->
              FailureKind.HTTP_RESPONSE_BODY_SIZE;
          case "http_response_transfer_coding",
              "http_response_content_coding",
              "http_upgrade_failed" ->
              FailureKind.HTTP_PROTOCOL_ERROR;
          case "destination_ip_prohibited",
              "http_request_denied",
              "http_request_error",
              "proxy_configuration_error",
              "proxy_loop_detected",
              "proxy_internal_response" ->
              FailureKind.PROXY_INTERNAL_ERROR;
          default -> null;
        });
  }

  static Optional<Phase> phaseOf(String error) {
    return Optional.ofNullable(
        switch (error) {
          case "dns_error", "dns_timeout" -> Phase.DNS;
          case "destination_not_found",
              "destination_unavailable",
              "destination_ip_unroutable",
              "destination_ip_prohibited",
              "connection_refused",
              "connection_timeout",
              "connection_limit_reached" ->
              Phase.CONNECT;
          case "tls_protocol_error", "tls_certificate_error", "tls_alert_received" -> Phase.TLS;
          default -> null;
        });
  }

  private static final class Scanner {
    private final String s;
    private int pos;

    Scanner(String s) {
      this.s = s;
    }

    void skipSpaces() {
      while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
        pos++;
      }
    }

    /** Moves past the next {@code c} outside a string, or to the end. */
    void skipPast(char c) {
      boolean quoted = false;
      while (pos < s.length()) {
        char ch = s.charAt(pos++);
        if (quoted && ch == '\\') {
          pos++;
        } else if (ch == '"') {
          quoted = !quoted;
        } else if (!quoted && ch == c) {
          return;
        }
      }
    }

    Member member() {
      String name = pos < s.length() && s.charAt(pos) == '"' ? string() : token();
      if (name == null || name.isEmpty()) {
        return null;
      }
      String error = "";
      String details = "";
      int received = -1;
      while (true) {
        skipSpaces();
        if (pos >= s.length() || s.charAt(pos) != ';') {
          break;
        }
        pos++;
        skipSpaces();
        String key = token();
        if (key == null || key.isEmpty()) {
          break;
        }
        String value = "";
        if (pos < s.length() && s.charAt(pos) == '=') {
          pos++;
          value = pos < s.length() && s.charAt(pos) == '"' ? string() : token();
          if (value == null) {
            break;
          }
        }
        switch (key) {
          case "error" -> error = value;
          case "details" -> details = value;
          case "received-status" -> received = parseStatus(value);
          default -> {}
        }
      }
      return new Member(name, error, details, received);
    }

    /** A token, key or bare item: everything up to a delimiter. */
    String token() {
      int start = pos;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == ';' || c == ',' || c == '=' || c == ' ' || c == '\t' || c == '"' || c < 0x20
            || c > 0x7e) {
          break;
        }
        pos++;
      }
      return s.substring(start, pos);
    }

    /** An sf-string (RFC 8941 §3.3.3); null when unterminated. */
    String string() {
      pos++;
      StringBuilder b = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '\\' && pos < s.length()) {
          b.append(s.charAt(pos++));
        } else if (c == '"') {
          return b.toString();
        } else {
          b.append(c);
        }
      }
      return null;
    }

    private static int parseStatus(String v) {
      if (v.length() != 3) {
        return -1;
      }
      int n = 0;
      for (int i = 0; i < 3; i++) {
        char c = v.charAt(i);
        if (c < '0' || c > '9') {
          return -1;
        }
        n = n * 10 + (c - '0');
      }
      return n;
    }
  }
}
