/** Failsoft's servlet filter: stale pages instead of error pages, for any Servlet 6 container. */
module dev.failsoft.servlet {
  requires transitive dev.failsoft.core;
  requires static transitive jakarta.servlet;
  requires org.slf4j;

  exports dev.failsoft.servlet;
}
