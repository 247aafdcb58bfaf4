/**
 * Failsoft's model and every decision: diagnosis of upstream failures, safe retries, and the
 * stale-if-error cache. Depends on nothing but slf4j-api and Caffeine.
 */
module dev.failsoft.core {
  requires org.slf4j;
  requires com.github.benmanes.caffeine;
  requires static transitive org.jspecify;

  exports dev.failsoft.cache;
  exports dev.failsoft.config;
  exports dev.failsoft.diagnosis;
  exports dev.failsoft.diagnosis.logs;
  exports dev.failsoft.event;
  exports dev.failsoft.http;
  exports dev.failsoft.policy;
  // Shared helpers, not API: only Failsoft's own command line reads them.
  exports dev.failsoft.internal to
      dev.failsoft.cli;

  uses dev.failsoft.diagnosis.SignatureRule;
  uses dev.failsoft.cache.StaleStoreFactory;
}
