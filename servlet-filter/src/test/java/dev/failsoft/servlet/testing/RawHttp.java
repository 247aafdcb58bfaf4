package dev.failsoft.servlet.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A minimal HTTP/1.1 client over a plain socket, so tests see exactly what went over the wire
 * (framing included) and can send what java.net.http refuses to (a forged Host).
 */
public final class RawHttp {
  private RawHttp() {}

  /** A response as received: status, header lines in order, and the de-chunked body. */
  public record Response(int status, List<String[]> headers, byte[] body, boolean chunked) {
    public Optional<String> header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return Optional.of(h[1]);
        }
      }
      return Optional.empty();
    }

    public List<String> headers(String name) {
      List<String> values = new ArrayList<>();
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          values.add(h[1]);
        }
      }
      return values;
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Sends {@code method path} with {@code Host: 127.0.0.1} plus extra header lines. */
  public static Response exchange(int port, String method, String path, String... headerLines)
      throws IOException {
    StringBuilder request = new StringBuilder();
    request.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    boolean host = false;
    for (String line : headerLines) {
      host |= line.regionMatches(true, 0, "Host:", 0, 5);
      request.append(line).append("\r\n");
    }
    if (!host) {
      request.append("Host: 127.0.0.1:").append(port).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return read(socket.getInputStream(), method.equals("HEAD"));
    }
  }

  public static Response send(int port, String path, String... headerLines) throws IOException {
    return exchange(port, "GET", path, headerLines);
  }

  /**
   * Reads one response as a client does: the body by its Content-Length, by chunks, or (with
   * neither) until the server closes the connection.
   */
  public static Response read(InputStream in, boolean head) throws IOException {
    ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
    int last4 = 0;
    while (last4 != 0x0d0a0d0a) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside the response head");
      }
      headBytes.write(b);
      last4 = last4 << 8 | b;
    }
    String[] lines = headBytes.toString(StandardCharsets.ISO_8859_1).trim().split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    List<String[]> headers = new ArrayList<>();
    boolean chunked = false;
    long length = -1;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      String name = lines[i].substring(0, colon).trim();
      String value = lines[i].substring(colon + 1).trim();
      headers.add(new String[] {name, value});
      chunked |=
          name.equalsIgnoreCase("Transfer-Encoding")
              && value.toLowerCase(Locale.ROOT).contains("chunked");
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(value);
      }
    }
    byte[] body;
    if (head || status == 304 || status == 204) {
      body = new byte[0];
    } else if (chunked) {
      body = dechunk(in);
    } else if (length >= 0) {
      body = in.readNBytes((int) length);
      if (body.length < length) {
        throw new IOException("body ended after " + body.length + " of " + length + " bytes");
      }
    } else {
      body = in.readAllBytes();
    }
    return new Response(status, headers, body, chunked);
  }

  private static byte[] dechunk(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line(in);
      int semi = sizeLine.indexOf(';');
      int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
      if (size == 0) {
        while (!line(in).isEmpty()) {
          // trailer fields
        }
        return out.toByteArray();
      }
      byte[] chunk = in.readNBytes(size);
      if (chunk.length < size) {
        throw new IOException("truncated chunk");
      }
      out.write(chunk);
      line(in);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("truncated chunked body");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }
}
