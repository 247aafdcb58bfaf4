package dev.failsoft.servlet.internal;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Remembers the last {@link URI} parsed for each of a fixed number of slots, so that a popular
 * page's target is parsed once, not on every request: {@code java.net.URI}'s parser is the largest
 * single cost of translating a servlet request. A URI is a pure function of its string, so a slot
 * can only ever answer with what parsing that very string gives; an unlucky slot is simply parsed
 * again and overwritten. Lock-free, allocation-free on a hit, and bounded: a flood of one-off URLs
 * only churns the slots.
 */
final class UriMemo {
  private static final int SLOTS = 1024;

  /** One remembered parse; immutable, so a racy read of the array sees it whole. */
  private record Entry(String text, URI uri) {}

  private final Entry[] slots = new Entry[SLOTS];

  /** Returns {@code new URI(text)}, from memory when this string was parsed recently. */
  URI parse(String text) throws URISyntaxException {
    int slot = text.hashCode() & (SLOTS - 1);
    Entry e = slots[slot];
    if (e != null && e.text.equals(text)) {
      return e.uri;
    }
    URI uri = new URI(text);
    slots[slot] = new Entry(text, uri);
    return uri;
  }
}
