package dev.failsoft.cache;

import dev.failsoft.http.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The visible notice put at the top of a stale HTML page: where it goes, when it may go in (HTML in
 * an ASCII-compatible charset), and how old the copy is said to be. Stateless.
 */
final class StaleBanner {
  private StaleBanner() {}

  /** Returns true when a banner of ASCII bytes can be inserted into a body of this type. */
  static boolean fits(Headers headers) {
    String type = headers.first("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    if (!type.startsWith("text/html")) {
      return false;
    }
    int charset = type.indexOf("charset=");
    if (charset < 0) {
      return true;
    }
    // The banner is ASCII: insert it only where ASCII bytes mean ASCII characters.
    String name = type.substring(charset + 8).replace("\"", "").trim();
    return name.startsWith("utf-8")
        || name.startsWith("iso-8859")
        || name.startsWith("us-ascii")
        || name.startsWith("windows-125");
  }

  static byte[] insert(byte[] html, long ageSeconds) {
    byte[] banner =
        ("<div role=\"status\" style=\"background:#fff3cd;color:#664d03;padding:.5em 1em;"
                + "font:14px sans-serif;border-bottom:1px solid #ffe69c\">You are seeing a copy "
                + "of this page from "
                + describe(ageSeconds)
                + " ago; the live page is "
                + "temporarily unavailable.</div>")
            .getBytes(StandardCharsets.US_ASCII);
    int at = afterBodyTag(html);
    byte[] out = new byte[html.length + banner.length];
    System.arraycopy(html, 0, out, 0, at);
    System.arraycopy(banner, 0, out, at, banner.length);
    System.arraycopy(html, at, out, at + banner.length, html.length - at);
    return out;
  }

  static String describe(long seconds) {
    long s = Math.max(0, seconds);
    if (s < 60) {
      return s == 1 ? "1 second" : s + " seconds";
    }
    long[] sizes = {86_400, 3_600, 60};
    String[] units = {"day", "hour", "minute"};
    for (int i = 0; i < sizes.length; i++) {
      if (s >= sizes[i]) {
        long n = s / sizes[i];
        return n + " " + units[i] + (n == 1 ? "" : "s");
      }
    }
    return s + " seconds";
  }

  /** The offset just past {@code <body ...>}, scanned case-insensitively; 0 when absent. */
  private static int afterBodyTag(byte[] html) {
    int limit = html.length - 5;
    for (int i = 0; i < limit; i++) {
      if (html[i] == '<'
          && (html[i + 1] | 0x20) == 'b'
          && (html[i + 2] | 0x20) == 'o'
          && (html[i + 3] | 0x20) == 'd'
          && (html[i + 4] | 0x20) == 'y'
          && (html[i + 5] == '>'
              || html[i + 5] == ' '
              || html[i + 5] == '\t'
              || html[i + 5] == '\n'
              || html[i + 5] == '\r')) {
        for (int j = i + 5; j < html.length; j++) {
          if (html[j] == '>') {
            return j + 1;
          }
        }
        return 0;
      }
    }
    return 0;
  }
}
