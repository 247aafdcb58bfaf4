package dev.failsoft.store.redis.internal;

import dev.failsoft.cache.CacheKey;
import dev.failsoft.cache.StoredResponse;
import dev.failsoft.http.Headers;
import dev.failsoft.http.ResponseHead;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Failsoft's own binary format for one stored variant (never Java serialization), authenticated
 * with HMAC-SHA256 over the Redis key name and the value, so a value changed in Redis, moved to
 * another key, or written with another key reads as a miss.
 *
 * <pre>
 *   "FSRS"            4 bytes, magic
 *   version           1 byte, {@value #VERSION}; any other version is refused
 *   id length         1 byte, 0 when unsigned
 *   key id            that many ASCII bytes
 *   MAC               32 bytes when signed: HMAC-SHA256(key; magic..key id, Redis key name, body)
 *   body:
 *     expires at      8 bytes, epoch ms (the PXAT)
 *     request time    8 bytes epoch seconds, 4 bytes nanos
 *     response time   8 bytes epoch seconds, 4 bytes nanos
 *     status          2 bytes
 *     reason, method, scheme, authority, target    strings
 *     header count    4 bytes, then name and value strings
 *     selecting count 4 bytes, then name and value strings
 *     body length     4 bytes, then the body
 *   string = 4-byte length + UTF-8
 * </pre>
 *
 * Thread-safe.
 */
public final class EntryCodec {

  /** The format version written and the only one read: {@value}. */
  public static final int VERSION = 1;

  private static final byte[] MAGIC = {'F', 'S', 'R', 'S'};
  private static final int MAC_BYTES = 32;
  private static final String HMAC = "HmacSHA256";

  /** Why a value was not accepted. */
  public enum Refusal {
    /** The MAC does not match: changed, moved, or truncated after the header. */
    TAMPERED,
    /** Signed under an id this store does not hold, or signed/unsigned against its mode. */
    FOREIGN_KEY,
    /** This format, in another version. */
    OTHER_FORMAT,
    /** Not this format, or inconsistent. */
    GARBAGE
  }

  /** A decoded value, or why it was refused. */
  public record Decoded(
      @Nullable StoredResponse response, long expiresAtMillis, @Nullable Refusal refusal) {

    static Decoded refused(Refusal refusal) {
      return new Decoded(null, 0, refusal);
    }
  }

  private final @Nullable String signingId;
  private final Map<String, byte[]> keys;

  /**
   * Signs with {@code keys.get(signingId)} and accepts every key in {@code keys}; with a null
   * {@code signingId}, writes and accepts unsigned values only.
   */
  public EntryCodec(@Nullable String signingId, Map<String, byte[]> keys) {
    this.signingId = signingId;
    this.keys = Map.copyOf(keys);
  }

  /** Returns the value for {@code response} stored under {@code redisKey}. */
  public byte[] encode(StoredResponse response, long expiresAtMillis, byte[] redisKey) {
    byte[] id = signingId == null ? new byte[0] : signingId.getBytes(StandardCharsets.US_ASCII);
    Writer body = new Writer(256 + (int) Math.min(Integer.MAX_VALUE / 2, response.weight()));
    body.putLong(expiresAtMillis);
    body.putInstant(response.requestTime());
    body.putInstant(response.responseTime());
    body.putShort(response.status());
    body.putString(response.head().reason());
    CacheKey key = response.key();
    body.putString(key.method());
    body.putString(key.scheme());
    body.putString(key.authority());
    body.putString(key.target());
    body.putHeaders(response.head().headers());
    body.putHeaders(response.selecting());
    ByteBuffer bytes = response.body();
    body.putInt(bytes.remaining());
    body.put(bytes);

    int headerLength = MAGIC.length + 2 + id.length;
    int macLength = signingId == null ? 0 : MAC_BYTES;
    ByteBuffer out = ByteBuffer.allocate(headerLength + macLength + body.size());
    out.put(MAGIC).put((byte) VERSION).put((byte) id.length).put(id);
    if (signingId != null) {
      out.put(
          mac(
              java.util.Objects.requireNonNull(keys.get(signingId)),
              ByteBuffer.wrap(out.array(), 0, headerLength),
              redisKey,
              body.view()));
    }
    out.put(body.view());
    return out.array();
  }

  /** Decodes {@code value} read from {@code redisKey}, which must hold an entry for {@code key}. */
  public Decoded decode(byte[] value, byte[] redisKey, CacheKey key) {
    try {
      ByteBuffer in = ByteBuffer.wrap(value);
      byte[] magic = new byte[MAGIC.length];
      in.get(magic);
      if (!MessageDigest.isEqual(magic, MAGIC)) {
        return Decoded.refused(Refusal.GARBAGE);
      }
      if ((in.get() & 0xff) != VERSION) {
        return Decoded.refused(Refusal.OTHER_FORMAT);
      }
      int idLength = in.get() & 0xff;
      byte[] id = new byte[idLength];
      in.get(id);
      int headerLength = in.position();
      if (idLength == 0 || signingId == null) {
        if (idLength != 0 || signingId != null) {
          return Decoded.refused(Refusal.FOREIGN_KEY);
        }
      } else {
        byte[] secret = keys.get(new String(id, StandardCharsets.US_ASCII));
        if (secret == null) {
          return Decoded.refused(Refusal.FOREIGN_KEY);
        }
        byte[] mac = new byte[MAC_BYTES];
        in.get(mac);
        byte[] expected =
            mac(secret, ByteBuffer.wrap(value, 0, headerLength), redisKey, in.slice());
        if (!MessageDigest.isEqual(mac, expected)) {
          return Decoded.refused(Refusal.TAMPERED);
        }
      }
      return body(in, key);
    } catch (BufferUnderflowException
        | IllegalArgumentException
        | DateTimeException
        | NullPointerException e) {
      return Decoded.refused(Refusal.GARBAGE);
    }
  }

  private static Decoded body(ByteBuffer in, CacheKey expected) {
    long expiresAt = in.getLong();
    Instant requestTime = instant(in);
    Instant responseTime = instant(in);
    int status = in.getShort() & 0xffff;
    String reason = string(in);
    CacheKey key = new CacheKey(string(in), string(in), string(in), string(in));
    if (!key.equals(expected)) {
      return Decoded.refused(Refusal.GARBAGE);
    }
    Headers headers = headers(in);
    Headers selecting = headers(in);
    int bodyLength = in.getInt();
    if (bodyLength < 0 || bodyLength != in.remaining()) {
      return Decoded.refused(Refusal.GARBAGE);
    }
    ByteBuffer body = in.slice();
    StoredResponse response =
        new StoredResponse(
            key,
            new ResponseHead(status, reason, headers),
            body,
            selecting,
            requestTime,
            responseTime);
    return new Decoded(response, expiresAt, null);
  }

  private static Instant instant(ByteBuffer in) {
    long seconds = in.getLong();
    return Instant.ofEpochSecond(seconds, in.getInt());
  }

  private static String string(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new BufferUnderflowException();
    }
    String s =
        new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return s;
  }

  private static Headers headers(ByteBuffer in) {
    int count = in.getInt();
    if (count < 0 || count > in.remaining() / 8) {
      throw new BufferUnderflowException();
    }
    Headers.Builder builder = Headers.builder();
    for (int i = 0; i < count; i++) {
      builder.add(string(in), string(in));
    }
    return builder.build();
  }

  private static byte[] mac(byte[] secret, ByteBuffer header, byte[] redisKey, ByteBuffer body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret, HMAC));
      mac.update(header.duplicate());
      mac.update(ByteBuffer.allocate(4).putInt(redisKey.length).flip());
      mac.update(redisKey);
      mac.update(body.duplicate());
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 missing from this JVM", e);
    }
  }

  /** A growable big-endian buffer. */
  private static final class Writer {
    private ByteBuffer buffer;

    Writer(int capacity) {
      buffer = ByteBuffer.allocate(capacity);
    }

    private void room(int bytes) {
      if (buffer.remaining() < bytes) {
        long wanted = Math.max((long) buffer.capacity() * 2, (long) buffer.position() + bytes);
        if (wanted > Integer.MAX_VALUE - 16) {
          throw new IllegalArgumentException("entry: over 2 GiB (expected: smaller)");
        }
        ByteBuffer bigger = ByteBuffer.allocate((int) wanted);
        buffer.flip();
        bigger.put(buffer);
        buffer = bigger;
      }
    }

    void putLong(long v) {
      room(8);
      buffer.putLong(v);
    }

    void putInt(int v) {
      room(4);
      buffer.putInt(v);
    }

    void putShort(int v) {
      room(2);
      buffer.putShort((short) v);
    }

    void putInstant(Instant instant) {
      putLong(instant.getEpochSecond());
      putInt(instant.getNano());
    }

    void putString(String s) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      putInt(bytes.length);
      room(bytes.length);
      buffer.put(bytes);
    }

    void putHeaders(Headers headers) {
      putInt(headers.size());
      for (int i = 0; i < headers.size(); i++) {
        putString(headers.name(i));
        putString(headers.value(i));
      }
    }

    void put(ByteBuffer bytes) {
      room(bytes.remaining());
      buffer.put(bytes);
    }

    int size() {
      return buffer.position();
    }

    ByteBuffer view() {
      return ByteBuffer.wrap(buffer.array(), 0, buffer.position());
    }
  }
}
