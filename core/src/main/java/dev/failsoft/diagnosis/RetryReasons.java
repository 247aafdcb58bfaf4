package dev.failsoft.diagnosis;

/** The sentences that explain a derived retry verdict. */
final class RetryReasons {
  private RetryReasons() {}

  static String explain(FailureKind kind, Phase phase, RetrySafety safety) {
    if (!safety.isSafe()) {
      return switch (safety) {
        case REQUEST_UNKNOWN ->
            "unsafe: the request is unknown and may have reached the upstream"
                + " (failed during "
                + phase.id()
                + ")";
        default ->
            "unsafe: the request is not idempotent, carries no Idempotency-Key and may"
                + " have reached the upstream (failed during "
                + phase.id()
                + ")";
      };
    }
    if (!kind.isTransient()) {
      return kind == FailureKind.CANCELED
          ? "pointless: the caller canceled the exchange"
          : "pointless: " + kind.id() + " does not go away on a retry";
    }
    return switch (safety) {
      case NOT_SENT -> "safe: the request never left (failed during " + phase.id() + ")";
      case IDEMPOTENT_METHOD -> "safe: the method is idempotent";
      case NOT_PROCESSED -> "safe: the server refused the stream unprocessed (REFUSED_STREAM)";
      default -> "safe: the request carries an Idempotency-Key";
    };
  }
}
