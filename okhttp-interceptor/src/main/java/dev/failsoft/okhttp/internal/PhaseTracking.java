package dev.failsoft.okhttp.internal;

import okhttp3.Call;
import okhttp3.EventListener;

/** Creates the per-call listeners that track phases for one {@link CallRegistry}. */
public final class PhaseTracking implements EventListener.Factory {
  private final CallRegistry registry;
  private final EventListener.Factory user;

  private PhaseTracking(CallRegistry registry, EventListener.Factory user) {
    this.registry = registry;
    this.user = user;
  }

  /**
   * Returns a factory whose listeners track phases for {@code registry} and forward every event to
   * {@code user}'s; installing twice on the same registry does not wrap twice.
   */
  public static EventListener.Factory factory(CallRegistry registry, EventListener.Factory user) {
    if (user instanceof PhaseTracking p && p.registry == registry) {
      return p;
    }
    return new PhaseTracking(registry, user);
  }

  @Override
  public EventListener create(Call call) {
    return new PhaseListener(registry, user.create(call));
  }
}
