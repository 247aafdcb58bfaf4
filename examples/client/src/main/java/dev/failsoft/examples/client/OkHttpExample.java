package dev.failsoft.examples.client;

import dev.failsoft.cache.StalePolicy;
import dev.failsoft.cache.StaleWindows;
import dev.failsoft.okhttp.Failsoft;
import dev.failsoft.okhttp.OkHttpConfig;
import dev.failsoft.okhttp.UpstreamFailureException;
import dev.failsoft.policy.RetryBudget;
import dev.failsoft.policy.RetryPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Fetches each URL named on the command line with an OkHttp client that Failsoft retries safely,
 * within a per-host retry budget, and answers from the last good copy when the upstream fails;
 * prints each status and body, and the diagnosis of every failure.
 *
 * <p>Run: {@code java -cp ... dev.failsoft.examples.client.OkHttpExample URL...}
 */
public final class OkHttpExample {
  private final PrintStream out;

  OkHttpExample(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws IOException {
    OkHttpExample example = new OkHttpExample(System.out);
    for (String url : args) {
      example.fetch(url);
    }
  }

  // The README shows the tagged regions verbatim; ReadmeQuickStartsTest keeps them in step.
  // spotless:off (the README shows this region as written)
  // tag::okhttp-quickstart[]
  private final OkHttpClient client = Failsoft.okhttp(OkHttpConfig.builder()
          .retryPolicy(RetryPolicy.builder().maxAttempts(3).build())
          .retryBudget(RetryBudget.builder().ratio(0.1).config()) // per host; default 20 %
          .staleIfError(StalePolicy.privateCache()               // off unless set
              .windows(StaleWindows.builder().defaultStaleIfError(Duration.ofMinutes(10)).build())
              .build())
          .build())
      .install(new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)))
      .build();

  /** Returns the status the caller saw (a stale copy's, if one was served), or -1. */
  int fetch(String url) throws IOException {
    Request request = new Request.Builder().url(url).build();
    try (Response r = client.newCall(request).execute()) {        // 5xx come back as they came
      out.println(r.code() + " " + r.body().string());
      Failsoft.diagnosisOf(r).ifPresent(out::print);              // why, if it failed
      return r.code();
    } catch (UpstreamFailureException e) {                        // an IOException
      out.print(e.diagnosis());
      out.println("gave up after " + e.attempts().size() + " attempts");
      return -1;
    }
  }
  // end::okhttp-quickstart[]
  // spotless:on
}
