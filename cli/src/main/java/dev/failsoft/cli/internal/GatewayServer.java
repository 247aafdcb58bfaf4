package dev.failsoft.cli.internal;

import dev.failsoft.diagnosis.Diagnosis;
import java.util.Optional;

/** A running gateway, whichever server engine carries it. */
interface GatewayServer extends AutoCloseable {
  /** Returns {@code http://host:port} the gateway listens on. */
  String url();

  /** Returns the diagnosis of the latest upstream failure, if any. */
  Optional<Diagnosis> lastFailure();

  /** Blocks until the server stops. */
  void join() throws InterruptedException;

  @Override
  void close();
}
