package dev.failsoft.cache;

import static java.util.Objects.requireNonNull;

import dev.failsoft.cache.internal.Syntax;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.http.Headers;
import java.util.List;

/**
 * Builds RFC 9209 {@code Proxy-Status} members from a {@link Diagnosis}, for example {@code
 * Failsoft; error=connection_refused; received-status=502}.
 *
 * <p>{@code error} is the diagnosis kind's RFC 9209 error type when it has one; {@code
 * received-status} is the status the next hop sent, when it sent one; {@code details} (the
 * diagnosis summary) is written only when asked for, since it can reveal internal topology. {@code
 * next-hop} is never written. Members are appended after any already present. Stateless and
 * thread-safe.
 */
public final class ProxyStatus {

  /** The header name, {@value}. */
  public static final String HEADER = "Proxy-Status";

  private ProxyStatus() {}

  /**
   * Returns the member for {@code failure}, with {@code details} only when {@code withDetails}.
   *
   * @param proxy the name this proxy reports itself as, written as a token or, when it is not one,
   *     a quoted string; empty means {@code failsoft}
   * @param failure the diagnosis
   * @param withDetails whether to add the diagnosis summary, cut to 256 characters
   * @return one list member, without a trailing comma
   * @throws NullPointerException if {@code proxy} or {@code failure} is null
   */
  public static String member(String proxy, Diagnosis failure, boolean withDetails) {
    requireNonNull(proxy, "proxy");
    requireNonNull(failure, "failure");
    StringBuilder out = new StringBuilder(64);
    Syntax.appendTokenOrString(out, proxy.isEmpty() ? StalePolicy.DEFAULT_CACHE_NAME : proxy);
    failure.kind().proxyStatus().ifPresent(error -> out.append("; error=").append(error));
    failure.status().ifPresent(status -> out.append("; received-status=").append(status));
    if (withDetails) {
      String summary = failure.summary();
      Syntax.appendSfString(
          out.append("; details="), summary.length() > 256 ? summary.substring(0, 256) : summary);
    }
    return out.toString();
  }

  /**
   * Returns the {@code Proxy-Status} field value to send when {@code failure} is passed on: the
   * members already present ({@code existing}, from hops nearer the origin, RFC 9209 §2) first,
   * then this hop's, without {@code details}.
   *
   * @param existing the present field values, possibly none; blank ones are dropped
   * @param proxy the name this proxy reports itself as, as in {@link #member}
   * @param failure the diagnosis
   * @return the field value
   * @throws NullPointerException if an argument is null
   */
  public static String field(List<String> existing, String proxy, Diagnosis failure) {
    requireNonNull(existing, "existing");
    StringBuilder out = new StringBuilder();
    for (String value : existing) {
      if (!value.isBlank()) {
        out.append(value.strip()).append(", ");
      }
    }
    return out.append(member(proxy, failure, false)).toString();
  }

  /**
   * Returns {@code headers} with the member for {@code failure} appended as a new field.
   *
   * @param headers the response fields
   * @param proxy the name this proxy reports itself as, as in {@link #member}
   * @param failure the diagnosis
   * @param withDetails whether to add the diagnosis summary
   * @return new headers; {@code headers} is unchanged
   * @throws NullPointerException if a reference argument is null
   */
  static Headers appendTo(Headers headers, String proxy, Diagnosis failure, boolean withDetails) {
    requireNonNull(headers, "headers");
    return headers.with(HEADER, member(proxy, failure, withDetails));
  }
}
