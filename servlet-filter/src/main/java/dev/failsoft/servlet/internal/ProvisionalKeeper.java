package dev.failsoft.servlet.internal;

import dev.failsoft.http.RequestHead;
import dev.failsoft.http.ResponseHead;
import dev.failsoft.servlet.RouteRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Placeholder until core's cache lands: stores 200s by URI. Replaced by the core-backed keeper. */
public final class ProvisionalKeeper implements Keeper {
  private record Entry(ResponseHead head, byte[] body, Instant received) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;

  public ProvisionalKeeper(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Optional<StaleCopy> staleCopy(RequestHead request, RouteRule route) {
    Entry e = entries.get(request.uri().toString());
    if (e == null) {
      return Optional.empty();
    }
    long age = Duration.between(e.received, clock.instant()).toSeconds();
    if (age > route.maxStale().toSeconds()) {
      return Optional.empty();
    }
    return Optional.of(new StaleCopy(e.head, e.body, age, -age));
  }

  @Override
  public void offer(
      RequestHead request, ResponseHead response, byte[] body, Instant requested, Instant received) {
    if (response.status() == 200 && !response.headers().contains("Set-Cookie")
        && request.method().equals("GET")) {
      entries.put(request.uri().toString(), new Entry(response, body, received));
    }
  }
}
