package dev.failsoft.store.redis;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HMAC-SHA256 keys that authenticate stored entries: one signing key, with which every entry is
 * written, plus older keys still accepted when reading, so that keys can be rotated without a cold
 * cache (add the new key to every replica as accepted, then make it the signing key, then drop the
 * old one). Each key has an id, written in the entry, so a reader picks the right key; an entry
 * under an id it does not hold reads as a miss.
 *
 * <p>The key file ({@link #read(Path)}) holds one key per line as {@code ID:BASE64}; the first line
 * is the signing key, the others are accepted; blank lines and lines starting with {@code #} are
 * ignored. An id is 1 to {@value #MAX_ID_LENGTH} characters of {@code A-Z a-z 0-9 . _ -}; a key is
 * at least {@value #MIN_KEY_BYTES} bytes (generate one with {@code openssl rand -base64 32}). Error
 * messages never repeat a key.
 *
 * <p>Immutable and thread-safe.
 */
public final class SigningKeys {

  /** Fewest bytes in a key: {@value} (the HMAC-SHA256 output size). */
  public static final int MIN_KEY_BYTES = 32;

  /** Longest key id: {@value} characters. */
  public static final int MAX_ID_LENGTH = 32;

  private final String signingId;
  private final Map<String, byte[]> keys;

  private SigningKeys(String signingId, Map<String, byte[]> keys) {
    this.signingId = signingId;
    this.keys = keys;
  }

  /**
   * Returns keys that sign with {@code secret} under {@code id}.
   *
   * @param id the key id written in each entry
   * @param secret at least {@value #MIN_KEY_BYTES} bytes; copied
   * @return the keys
   * @throws IllegalArgumentException if the id or the key is not acceptable
   * @throws NullPointerException if an argument is null
   */
  public static SigningKeys of(String id, byte[] secret) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    keys.put(checkId(id), checkSecret(id, secret));
    return new SigningKeys(id, keys);
  }

  /**
   * Returns these keys also accepting entries signed with {@code secret} under {@code id} (an older
   * or a newer key during rotation).
   *
   * @param id the key id
   * @param secret at least {@value #MIN_KEY_BYTES} bytes; copied
   * @return new keys
   * @throws IllegalArgumentException if the id is already held or the id or key is not acceptable
   * @throws NullPointerException if an argument is null
   */
  public SigningKeys accepting(String id, byte[] secret) {
    if (keys.containsKey(checkId(id))) {
      throw new IllegalArgumentException("key id: " + id + " (expected: an id not yet held)");
    }
    Map<String, byte[]> more = new LinkedHashMap<>(keys);
    more.put(id, checkSecret(id, secret));
    return new SigningKeys(signingId, more);
  }

  /**
   * Reads a key file: {@code ID:BASE64} per line, the first being the signing key.
   *
   * @param file the key file
   * @return the keys
   * @throws IllegalArgumentException with a one-line message naming the file and line when the file
   *     cannot be read or a line is not acceptable
   * @throws NullPointerException if {@code file} is null
   */
  public static SigningKeys read(Path file) {
    requireNonNull(file, "file");
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "key-file: "
              + file
              + " (expected: a readable file; "
              + e.getClass().getSimpleName()
              + ")");
    }
    SigningKeys keys = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      String where = "key-file: " + file + " line " + (i + 1);
      if (colon <= 0) {
        throw new IllegalArgumentException(where + " (expected: ID:BASE64)");
      }
      String id = line.substring(0, colon).strip();
      byte[] secret;
      try {
        secret = Base64.getDecoder().decode(line.substring(colon + 1).strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + " (expected: ID:BASE64, the key in base64)");
      }
      try {
        keys = keys == null ? of(id, secret) : keys.accepting(id, secret);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage());
      }
    }
    if (keys == null) {
      throw new IllegalArgumentException(
          "key-file: " + file + " (expected: at least one line ID:BASE64)");
    }
    return keys;
  }

  /**
   * Returns the id entries are signed under.
   *
   * @return the signing key's id
   */
  public String signingId() {
    return signingId;
  }

  /** Returns the signing key (not a copy: internal use). */
  byte[] signingKey() {
    return requireNonNull(keys.get(signingId));
  }

  /** Returns the key for {@code id}, if held (not a copy: internal use). */
  Optional<byte[]> key(String id) {
    return Optional.ofNullable(keys.get(id));
  }

  /**
   * Returns the ids held, the signing key's first.
   *
   * @return the ids
   */
  public List<String> ids() {
    return List.copyOf(keys.keySet());
  }

  @Override
  public String toString() {
    return "SigningKeys[signing=" + signingId + ", ids=" + keys.keySet() + "]";
  }

  private static String checkId(String id) {
    requireNonNull(id, "id");
    boolean ok = !id.isEmpty() && id.length() <= MAX_ID_LENGTH;
    for (int i = 0; ok && i < id.length(); i++) {
      char c = id.charAt(i);
      ok =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c >= '0' && c <= '9'
              || c == '.'
              || c == '_'
              || c == '-';
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "key id: " + id + " (expected: 1 to " + MAX_ID_LENGTH + " of A-Z a-z 0-9 . _ -)");
    }
    return id;
  }

  private static byte[] checkSecret(String id, byte[] secret) {
    requireNonNull(secret, "secret");
    if (secret.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "key " + id + ": " + secret.length + " bytes (expected: at least " + MIN_KEY_BYTES + ")");
    }
    return secret.clone();
  }
}
