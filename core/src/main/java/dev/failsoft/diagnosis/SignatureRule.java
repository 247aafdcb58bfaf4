package dev.failsoft.diagnosis;

import java.util.Optional;

/**
 * Recognises the failure responses of one product: from a {@link ResponseSample} it tells which hop
 * answered and, when it can, what failed.
 *
 * <p>Users add rules for their own gateways with {@link Diagnoser.Builder#rule(SignatureRule)}, or
 * by listing implementations in {@code META-INF/services/dev.failsoft.diagnosis.SignatureRule}
 * (loaded by {@link Diagnoser.Builder#loadServiceRules()}). Among all matching rules the one with
 * the highest {@link SignatureMatch#confidence()} wins; on a tie, a user's rule beats a built-in.
 *
 * <p>Implementations must be thread-safe, fast (they run on every failed response) and must not
 * throw: a rule that throws is logged and skipped.
 */
@FunctionalInterface
public interface SignatureRule {

  /**
   * Tells whether this rule recognises the response.
   *
   * @param response the response to examine, never null
   * @return the match, or empty when this rule does not recognise the response (a null return is
   *     read as empty)
   */
  Optional<SignatureMatch> match(ResponseSample response);
}
