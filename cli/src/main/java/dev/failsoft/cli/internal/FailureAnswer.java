package dev.failsoft.cli.internal;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.FailureKind;

/**
 * What a gateway answers when the upstream left no response (refused, reset, timed out, garbage):
 * 502, or 504 for a timeout, an RFC 9209 {@code Proxy-Status} naming the failure, and a short text
 * body. The same for both engines.
 *
 * @param status 502 or 504
 * @param proxyStatus the {@code Proxy-Status} field value
 * @param text the plain-text body
 */
record FailureAnswer(int status, String proxyStatus, String text) {
  /** Returns the answer for {@code failure}, diagnosed as {@code d}, or null when it was not. */
  static FailureAnswer of(String name, Throwable failure, Diagnosis d) {
    boolean timeout =
        d != null
            && (d.kind() == FailureKind.CONNECTION_TIMEOUT
                || d.kind() == FailureKind.CONNECTION_READ_TIMEOUT
                || d.kind() == FailureKind.HTTP_RESPONSE_TIMEOUT);
    String error =
        d == null ? "proxy_internal_error" : d.proxyStatus().orElse("proxy_internal_error");
    // RFC 9209 §2: the proxy's name, the error type, and details for the operator.
    String proxyStatus =
        name
            + "; error="
            + error
            + "; details=\""
            + (d == null ? String.valueOf(failure) : d.kind().id() + " during " + d.phase().id())
                .replace('"', '\'')
            + "\"";
    String text =
        (timeout ? "504 Gateway Timeout" : "502 Bad Gateway")
            + "\n"
            + (d == null ? failure.toString() : d.summary())
            + "\n";
    return new FailureAnswer(timeout ? 504 : 502, proxyStatus, text);
  }
}
