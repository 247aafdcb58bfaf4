package dev.failsoft.cache;

import dev.failsoft.http.RequestHead;
import java.time.Duration;
import java.util.Optional;

/** A store that hands every call to another, so that a test can add behaviour. */
class ForwardingStore implements StaleStore {
  private final StaleStore delegate;

  ForwardingStore(StaleStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<StoredResponse> get(CacheKey key, RequestHead request) {
    return delegate.get(key, request);
  }

  @Override
  public boolean put(StoredResponse response, Duration retention) {
    return delegate.put(response, retention);
  }

  @Override
  public void remove(CacheKey key) {
    delegate.remove(key);
  }
}
