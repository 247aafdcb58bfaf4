package dev.failsoft.cache;

import dev.failsoft.http.Headers;
import dev.failsoft.http.HttpDate;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Evaluates a client's conditional GET/HEAD against a stored response (RFC 9110 §13.2.2). */
final class Conditionals {
  private Conditionals() {}

  /**
   * Returns true when the client's copy is current, so the answer is 304: {@code If-None-Match} by
   * weak comparison (RFC 9110 §13.1.2), or, only when it is absent, {@code If-Modified-Since}
   * against {@code Last-Modified} (§13.1.3). Malformed fields never match.
   */
  static boolean notModified(Headers request, Headers stored) {
    return notModified(
        request.combined("If-None-Match").orElse(null),
        request.first("If-Modified-Since").orElse(null),
        stored);
  }

  static boolean notModified(
      @Nullable String ifNoneMatch, @Nullable String ifModifiedSince, Headers stored) {
    if (ifNoneMatch != null) {
      Optional<String> etag = stored.first("ETag");
      if (etag.isEmpty()) {
        return false;
      }
      if (ifNoneMatch.trim().equals("*")) {
        return true;
      }
      String mine = opaque(etag.get());
      int start = 0;
      while (start < ifNoneMatch.length()) {
        int comma = ifNoneMatch.indexOf(',', start);
        int end = comma < 0 ? ifNoneMatch.length() : comma;
        String theirs = opaque(ifNoneMatch.substring(start, end).trim());
        if (!theirs.isEmpty() && theirs.equals(mine)) {
          return true;
        }
        start = end + 1;
      }
      return false;
    }
    if (ifModifiedSince != null) {
      Optional<Instant> since = HttpDate.parse(ifModifiedSince);
      Optional<Instant> modified = stored.first("Last-Modified").flatMap(HttpDate::parse);
      return since.isPresent() && modified.isPresent() && !modified.get().isAfter(since.get());
    }
    return false;
  }

  /** The quoted part of an entity-tag, weak prefix dropped; empty when malformed. */
  private static String opaque(String tag) {
    String t = tag.startsWith("W/") ? tag.substring(2) : tag;
    if (t.length() < 2 || t.charAt(0) != '"' || t.charAt(t.length() - 1) != '"') {
      return "";
    }
    return t;
  }
}
