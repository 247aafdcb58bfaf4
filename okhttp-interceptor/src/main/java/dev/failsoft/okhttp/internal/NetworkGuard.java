package dev.failsoft.okhttp.internal;

import dev.failsoft.http.Framing;
import dev.failsoft.http.Headers;
import java.io.IOException;
import java.net.ProtocolException;
import java.util.List;
import java.util.Optional;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * The network interceptor that keeps every repeat of a request in Failsoft's hands and every
 * response whose framing cannot be trusted out of the caller's.
 *
 * <p>OkHttp's own follow-up logic, beneath the application interceptors, sends a request again —
 * whatever its method, and whether or not {@code retryOnConnectionFailure} is off — when a {@code
 * 503} carries {@code Retry-After: 0}, and (with {@code retryOnConnectionFailure}) when a {@code
 * 408} carries no positive {@code Retry-After}; it parses the field with {@code Integer.valueOf},
 * so a value of 2<sup>31</sup> or more throws {@code NumberFormatException}. On those two statuses
 * this interceptor moves the {@code Retry-After} values aside and puts a non-numeric placeholder in
 * their place, which OkHttp reads as "not now"; {@link #restore} puts them back before Failsoft's
 * application interceptor diagnoses the answer, so the retry, if any, is core's decision and costs
 * the retry budget.
 *
 * <p>A response whose framing fields are invalid (RFC 9112 §6.3, core's {@link Framing}) is closed
 * and becomes a {@link ProtocolException}: a failed attempt that core diagnoses, instead of a body
 * read to a length nobody can vouch for. Closing it unread also keeps its connection out of the
 * pool. Stateless and thread-safe.
 */
public final class NetworkGuard implements Interceptor {
  /** The placeholder; not a number, so OkHttp never repeats the request for it. */
  static final String PLACEHOLDER = "failsoft-held";

  /** Where the upstream's own values wait while OkHttp looks at the response. */
  static final String ASIDE = "Failsoft-Held-Retry-After";

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    Optional<String> framing = Framing.error(framingFields(response));
    if (framing.isPresent()) {
      try {
        response.close();
      } catch (RuntimeException e) {
        // Closing discards the rest of the body, and okio refuses a negative length with an
        // IllegalArgumentException. Nothing more to release: OkHttp tears the exchange and its
        // HTTP/1 connection down when a network interceptor throws.
      }
      throw new ProtocolException("invalid response framing: " + framing.get());
    }
    int code = response.code();
    if (code != 503 && code != 408) {
      return response;
    }
    // Values are moved unchecked: an upstream's odd bytes are diagnosed, not refused here.
    okhttp3.Headers.Builder held = response.headers().newBuilder().removeAll("Retry-After");
    for (String value : response.headers("Retry-After")) {
      held.addUnsafeNonAscii(ASIDE, value);
    }
    held.set("Retry-After", PLACEHOLDER);
    return response.newBuilder().headers(held.build()).build();
  }

  /**
   * Returns {@code response} with the upstream's {@code Retry-After} values back in place of the
   * placeholder; {@code response} itself when it holds none.
   */
  public static Response restore(Response response) {
    if (!PLACEHOLDER.equals(response.header("Retry-After"))) {
      return response;
    }
    okhttp3.Headers.Builder out =
        response.headers().newBuilder().removeAll("Retry-After").removeAll(ASIDE);
    for (String value : response.headers(ASIDE)) {
      out.addUnsafeNonAscii("Retry-After", value);
    }
    return response.newBuilder().headers(out.build()).build();
  }

  /** Core's view of only the two fields that frame the body: cheap, whatever else was sent. */
  private static Headers framingFields(Response response) {
    List<String> lengths = response.headers("Content-Length");
    if (lengths.isEmpty()) {
      return Headers.empty();
    }
    Headers.Builder out = Headers.builder();
    for (String value : lengths) {
      out.addLenient("Content-Length", value);
    }
    for (String value : response.headers("Transfer-Encoding")) {
      out.addLenient("Transfer-Encoding", value);
    }
    return out.build();
  }
}
