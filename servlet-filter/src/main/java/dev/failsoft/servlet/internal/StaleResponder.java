package dev.failsoft.servlet.internal;

import dev.failsoft.http.Headers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Writes a stored copy to the container's response: status, headers as core stored and marked them
 * ({@code Age}, {@code Cache-Status}), the body, and optionally a visible banner; or a 304 when the
 * client's conditional matches the copy (RFC 9110 §13.2.2).
 */
public final class StaleResponder {
  private final boolean banner;

  public StaleResponder(boolean banner) {
    this.banner = banner;
  }

  /** Serves {@code copy}, whose head already carries core's marks; the response must be fresh. */
  public void serve(HttpServletRequest request, HttpServletResponse response, StaleCopy copy)
      throws IOException {
    Headers stored = copy.head().headers();
    boolean notModified =
        Conditionals.notModified(
            request.getHeader("If-None-Match"), request.getHeader("If-Modified-Since"), stored);
    ByteBuffer body = copy.body();
    boolean withBanner = banner && !notModified && isHtml(stored) && body.hasRemaining();
    if (withBanner) {
      byte[] html = new byte[body.remaining()];
      body.get(html);
      body = ByteBuffer.wrap(Banner.insert(html, copy.ageSeconds()));
    }
    response.setStatus(notModified ? 304 : copy.head().status());
    for (Headers.Field field : stored) {
      String name = field.name();
      if (neverReplayed(name) || notModified && !keptOn304(name)) {
        continue;
      }
      if (withBanner && name.equalsIgnoreCase("ETag") && !field.value().startsWith("W/")) {
        // The banner changes the bytes, so the validator can no longer be strong (RFC 9110 §8.8.1).
        response.addHeader(name, "W/" + field.value());
        continue;
      }
      if (withBanner && name.equalsIgnoreCase("Content-MD5")) {
        continue;
      }
      response.addHeader(name, field.value());
    }
    if (notModified) {
      return;
    }
    int length = body.remaining();
    response.setContentLength(length);
    if (!"HEAD".equals(request.getMethod()) && length > 0) {
      write(response, body);
    }
  }

  /**
   * Writes the body through this thread's scratch array: the container's blocking write is done
   * with the array when it returns (Servlet 6.0 has no write of a ByteBuffer).
   */
  private static void write(HttpServletResponse response, ByteBuffer body) throws IOException {
    int length = body.remaining();
    byte[] bytes = Scratch.take(length);
    if (bytes == null) {
      bytes = new byte[length];
    }
    body.get(bytes, 0, length);
    response.getOutputStream().write(bytes, 0, length);
    Scratch.give(bytes);
  }

  private static boolean isHtml(Headers headers) {
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

  /**
   * Fields the container frames itself ({@code Content-Length} is set from the body served) and, as
   * a second line of defence behind core's storage rules, {@code Set-Cookie}.
   */
  static boolean neverReplayed(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "set-cookie", "set-cookie2", "content-length", "transfer-encoding" -> true;
      default -> false;
    };
  }

  /** RFC 9110 §15.4.5: the fields a 304 carries. */
  private static boolean keptOn304(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "cache-control",
          "content-location",
          "date",
          "etag",
          "expires",
          "vary",
          "last-modified",
          "cache-status",
          "age" ->
          true;
      default -> false;
    };
  }

  /** The visible notice for HTML copies. */
  static final class Banner {
    private Banner() {}

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
}
