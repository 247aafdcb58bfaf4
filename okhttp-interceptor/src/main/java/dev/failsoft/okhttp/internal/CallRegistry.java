package dev.failsoft.okhttp.internal;

import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import org.jspecify.annotations.Nullable;

/**
 * The calls whose Failsoft interceptor is running, so that the event listener (created per call
 * before any interceptor runs) can find the state of the current attempt.
 *
 * <p>An entry lives exactly as long as the interceptor runs for its call, so a call created and
 * never executed leaves nothing behind. Calls compare by identity. Thread-safe, lock-free reads.
 */
public final class CallRegistry {
  private final ConcurrentHashMap<Call, CallState> running = new ConcurrentHashMap<>();

  CallState enter(Call call) {
    CallState state = new CallState();
    running.put(call, state);
    return state;
  }

  void exit(Call call) {
    running.remove(call);
  }

  @Nullable CallState get(Call call) {
    return running.get(call);
  }

  /** Returns how many calls are inside the interceptor now; for tests. */
  public int size() {
    return running.size();
  }
}
