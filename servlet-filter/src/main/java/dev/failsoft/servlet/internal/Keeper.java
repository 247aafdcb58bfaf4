package dev.failsoft.servlet.internal;

import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import dev.failsoft.servlet.RouteRule;
import java.time.Instant;
import java.util.Optional;

/** What the filter asks of the stale cache: the one seam between servlet code and core's rules. */
public interface Keeper {

  /** Returns a stored copy that may be served stale for {@code request} on this route, now. */
  Optional<StaleCopy> staleCopy(RequestHead request, RouteRule route);

  /** Offers a complete response for storage; core decides whether it is stored. */
  void offer(
      RequestHead request, ResponseHead response, byte[] body, Instant requested, Instant received);
}
