package dev.failsoft.cache;

import java.util.Map;
import java.util.Set;

/** A store module as ServiceLoader finds one (listed in test META-INF/services). */
public final class TestStoreFactory implements StaleStoreFactory {

  /** What this factory opens: a memory store that remembers its options. */
  static final class Opened extends ForwardingStore {
    private final Map<String, String> options;

    Opened(Map<String, String> options) {
      super(CaffeineStaleStore.builder().build());
      this.options = Map.copyOf(options);
    }

    Map<String, String> options() {
      return options;
    }
  }

  @Override
  public Set<String> schemes() {
    return Set.of("test-store");
  }

  @Override
  public StaleStore open(String location, Map<String, String> options) {
    return new Opened(options);
  }
}
