package dev.failsoft.okhttp.internal;

import dev.failsoft.okhttp.Attempt;
import java.util.List;
import okhttp3.Request;

/**
 * The failed attempts behind a response that finally succeeded, attached as a tag to its request so
 * that {@code Failsoft.attemptsOf(response)} can find them; a failed call carries a {@link
 * FailureReport} instead.
 *
 * @param attempts every failed attempt, oldest first
 */
public record AttemptHistory(List<Attempt> attempts) {

  /** Copies {@code attempts}. */
  public AttemptHistory {
    attempts = List.copyOf(attempts);
  }

  /** Returns the history attached to {@code request}, or null. */
  public static AttemptHistory of(Request request) {
    return request.tag(AttemptHistory.class);
  }

  /** Returns {@code request} with this history attached. */
  Request attachTo(Request request) {
    return request.newBuilder().tag(AttemptHistory.class, this).build();
  }
}
