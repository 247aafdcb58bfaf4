package dev.failsoft.cli.internal;

import dev.failsoft.diagnosis.Diagnoser;
import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.ResponseSample;
import dev.failsoft.http.ResponseHead;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code failsoft explain}: a saved raw HTTP response in, its diagnosis out. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Explains a saved raw HTTP response (status line, headers, body): which hop produced it, "
          + "why, and what to do.",
      "Reads FILE, or standard input when FILE is - or absent. Tolerates CRLF or LF line ends, "
          + "'HTTP/2 502' status lines, no reason phrase and binary bodies; only the first "
          + "8 KiB of body are read.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  curl -si https://shop.example.com/ > r.http; failsoft explain r.http",
      "  printf 'HTTP/1.1 502 Bad Gateway\\r\\nServer: nginx\\r\\n\\r\\n' | failsoft explain",
      "  failsoft explain --json r.http | jq .diagnosis.kind",
      "",
      "Exit codes: 0 the response is not a failure, 1 it is (5xx or 429), 2 usage error or "
          + "input that is not an HTTP response."
    })
final class ExplainCommand implements Callable<Integer> {
  private final Io io;

  @Mixin CommonOptions common;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      defaultValue = "-",
      description = "The saved response; - for standard input. Default: -")
  String file;

  ExplainCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws IOException {
    ResponseHead head;
    byte[] body;
    if ("-".equals(file)) {
      if (io.terminal()) {
        io.err().println("reading a response from standard input (end it with Ctrl-D)");
      }
      head = readHead(io.in());
      body = readBody(head, io.in());
    } else {
      try (InputStream in = Files.newInputStream(Path.of(file))) {
        head = readHead(in);
        body = readBody(head, in);
      }
    }
    boolean failing = isFailure(head.status());
    Diagnosis d = Diagnoser.standard().diagnose(head, body);
    if (common.json) {
      io.out()
          .println(
              Report.json(
                  w -> w.field("status", head.status()).field("reason", head.reason()),
                  failing,
                  d));
    } else {
      Style style = common.style(io);
      if (failing) {
        Report.print(io.out(), style, d);
      } else {
        io.out()
            .println(
                style.status(head.status())
                    + " "
                    + head.reason()
                    + ": not an upstream failure (only 5xx and 429 responses are diagnosed)");
      }
    }
    return failing ? Cli.FAILING : Cli.OK;
  }

  private static ResponseHead readHead(InputStream in) throws IOException {
    return HttpHead.parse(HttpHead.read(in));
  }

  /**
   * Reads the first {@link ResponseSample#MAX_BODY_BYTES} of the body as the upstream meant it: a
   * saved {@code Transfer-Encoding: chunked} body is decoded, so that chunk-size lines cannot split
   * the text the signatures look for.
   */
  static byte[] readBody(ResponseHead head, InputStream in) throws IOException {
    String codings = head.headers().combined("Transfer-Encoding").orElse("");
    if (!codings.toLowerCase(Locale.ROOT).strip().endsWith("chunked")) {
      return in.readNBytes(ResponseSample.MAX_BODY_BYTES);
    }
    // Chunk framing adds a few bytes per chunk; twice the limit leaves room for tiny chunks.
    return Dechunker.decode(
        in.readNBytes(2 * ResponseSample.MAX_BODY_BYTES), ResponseSample.MAX_BODY_BYTES);
  }

  /** The statuses core's response classifier treats as upstream failures. */
  static boolean isFailure(int status) {
    return status == 429 || status >= 500 && status <= 599;
  }
}
