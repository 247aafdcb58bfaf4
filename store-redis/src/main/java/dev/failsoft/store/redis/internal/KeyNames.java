package dev.failsoft.store.redis.internal;

import dev.failsoft.cache.CacheKey;
import dev.failsoft.http.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The Redis key names of one cache key. Every name of a cache key shares one hash tag, {@code {H}},
 * with H the first 132 bits of SHA-256 of the cache key in base64url, so all its variants and its
 * index live in one Redis Cluster slot (one script can touch them all) while different cache keys
 * spread over every slot. Hashing also bounds the name length and keeps a request's bytes (braces
 * included) out of the key names.
 *
 * <pre>
 *   PREFIX{H}:i        sorted set: variant id, scored by its expiry (epoch ms)
 *   PREFIX{H}:v:VID    one variant's value, with PXAT its expiry
 * </pre>
 *
 * VID is {@code 0} for a response without selecting fields, else 96 bits of SHA-256 of the
 * selecting fields (names and values).
 */
public final class KeyNames {

  private final byte[] index;
  private final String variantPrefix;

  private KeyNames(byte[] index, String variantPrefix) {
    this.index = index;
    this.variantPrefix = variantPrefix;
  }

  /** Returns the names of {@code key} under {@code prefix}. */
  public static KeyNames of(String prefix, CacheKey key) {
    String tag = prefix + '{' + hash(key.toString(), 22) + '}';
    return new KeyNames(bytes(tag + ":i"), tag + ":v:");
  }

  /** Returns the index key name. */
  public byte[] index() {
    return index;
  }

  /** Returns what a variant id is appended to, to name that variant's key. */
  public byte[] variantPrefix() {
    return bytes(variantPrefix);
  }

  /** Returns the name of the variant {@code variantId}. */
  public byte[] variant(String variantId) {
    return bytes(variantPrefix + variantId);
  }

  /** Returns the variant id of a response with these selecting fields. */
  public static String variantId(Headers selecting) {
    if (selecting.isEmpty()) {
      return "0";
    }
    StringBuilder text = new StringBuilder();
    for (Headers.Field field : selecting) {
      text.append(field.name().toLowerCase(java.util.Locale.ROOT))
          .append('\0')
          .append(field.value())
          .append('\0');
    }
    return hash(text.toString(), 16);
  }

  private static String hash(String text, int chars) {
    byte[] digest = sha256().digest(bytes(text));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, chars);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }
}
