package dev.failsoft.okhttp.internal;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.okhttp.Attempt;
import java.util.List;
import okhttp3.Request;

/**
 * What Failsoft learned about a call that failed, attached as a tag to the request of the response
 * it returns (the upstream's failure response, or a stale copy) so that {@code
 * Failsoft.diagnosisOf(response)} can find it.
 *
 * @param diagnosis the final diagnosis
 * @param attempts every failed attempt, oldest first
 */
public record FailureReport(Diagnosis diagnosis, List<Attempt> attempts) {

  public FailureReport {
    attempts = List.copyOf(attempts);
  }

  /** Returns the report attached to {@code request}, or null. */
  public static FailureReport of(Request request) {
    return request.tag(FailureReport.class);
  }

  /** Returns {@code request} with this report attached. */
  Request attachTo(Request request) {
    return request.newBuilder().tag(FailureReport.class, this).build();
  }
}
