package dev.failsoft.benchmarks.macro;

import java.util.Optional;

/** OkHttp + Failsoft's interceptor; absent until the okhttp-interceptor module lands. */
final class FailsoftClient {
  static final String NOT_LANDED = "okhttp-interceptor not landed";

  private FailsoftClient() {}

  static Optional<Clients.Client> create() {
    return Optional.empty();
  }
}
