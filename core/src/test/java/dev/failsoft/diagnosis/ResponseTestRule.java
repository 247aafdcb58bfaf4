package dev.failsoft.diagnosis;

import java.util.Optional;

/**
 * A user rule loaded through {@code META-INF/services}: recognises the (fictional) Acme gateway by
 * its {@code X-Acme-Gateway} header.
 */
public final class ResponseTestRule implements SignatureRule {
  static final Responder ACME = Responder.of("acme-gateway", "Acme Gateway");

  @Override
  public Optional<SignatureMatch> match(ResponseSample response) {
    return response
        .header("X-Acme-Gateway")
        .map(
            v ->
                SignatureMatch.of(ACME, 95, Evidence.of("header", "X-Acme-Gateway: " + v))
                    .withKind(FailureKind.CONNECTION_REFUSED)
                    .withPhase(Phase.CONNECT));
  }
}
