package dev.failsoft.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;

/**
 * A loopback UDP DNS server that answers every query "no such name" (RCODE 3, NXDOMAIN), so a proxy
 * configured to resolve through it meets a real DNS failure without any traffic leaving the
 * machine. Close it to stop.
 */
public final class NxdomainDns implements AutoCloseable {
  private final DatagramSocket socket;
  private final Thread thread;

  private NxdomainDns(DatagramSocket socket) {
    this.socket = socket;
    this.thread = new Thread(this::serve, "nxdomain-dns-" + socket.getLocalPort());
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts on a free loopback UDP port. */
  public static NxdomainDns start() throws IOException {
    return start(0);
  }

  /** Starts on loopback UDP {@code port} (53 needs root; throws when it is taken). */
  public static NxdomainDns start(int port) throws IOException {
    DatagramSocket socket = new DatagramSocket(null);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return new NxdomainDns(socket);
  }

  /** Returns the UDP port it answers on. */
  public int port() {
    return socket.getLocalPort();
  }

  private void serve() {
    byte[] buf = new byte[1500];
    while (!socket.isClosed()) {
      try {
        DatagramPacket query = new DatagramPacket(buf, buf.length);
        socket.receive(query);
        int n = query.getLength();
        if (n < 12) {
          continue;
        }
        // Keep the id and the question; set QR and RA, copy RD, RCODE 3; no answers.
        byte[] answer = java.util.Arrays.copyOf(buf, n);
        answer[2] = (byte) (0x80 | (buf[2] & 0x01));
        answer[3] = (byte) 0x83;
        for (int i = 6; i < 12; i++) {
          answer[i] = 0; // ANCOUNT, NSCOUNT, ARCOUNT (an EDNS OPT record is dropped with them)
        }
        int end = questionEnd(answer, n);
        socket.send(new DatagramPacket(answer, end, query.getSocketAddress()));
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        // A bad packet: ignore it, as a resolver would.
      }
    }
  }

  /** Returns the offset just after the first question (QNAME, QTYPE, QCLASS), or n. */
  private static int questionEnd(byte[] p, int n) {
    if (((p[4] & 0xff) << 8 | (p[5] & 0xff)) == 0) {
      return 12;
    }
    int i = 12;
    while (i < n && p[i] != 0) {
      i += (p[i] & 0xff) + 1;
    }
    return Math.min(n, i + 5);
  }

  @Override
  public void close() {
    socket.close();
  }
}
