package dev.failsoft.diagnosis.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsoft.diagnosis.FailureKind;
import dev.failsoft.diagnosis.Phase;
import dev.failsoft.diagnosis.Responder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class LogFormatsTest {
  private final LogParser auto = LogFormats.autoDetect(Fixtures.CLOCK);

  /**
   * One row per fixture line: the line is the only one in the file containing the key. A kind of
   * {@code -} means the line is not a failure. Empty cells mean "absent".
   */
  @ParameterizedTest(name = "{0} [{1}] -> {2}")
  @CsvSource(delimiter = '|', nullValues = "", textBlock = """
      # file            | key                   | kind                              | phase            | upstream                        | client       | request                   | status | time
      nginx-error.log   | *101 connect()        | CONNECTION_REFUSED                | CONNECT          | 10.0.0.5:8080                   | 203.0.113.7  | GET /api/orders HTTP/1.1  | 502    | 2024-05-01T10:00:00Z
      nginx-error.log   | *101 upstream server  | -                                 |                  |                                 |              |                           |        |
      nginx-error.log   | *102                  | DESTINATION_UNAVAILABLE           | CONNECT          | backend                         | 203.0.113.7  | GET /api/orders HTTP/1.1  | 502    | 2024-05-01T10:00:01Z
      nginx-error.log   | *103                  | DESTINATION_IP_UNROUTABLE         | CONNECT          | 10.0.0.6:8080                   | 203.0.113.7  | GET /api/orders HTTP/1.1  | 502    | 2024-05-01T10:00:02Z
      nginx-error.log   | *104                  | CONNECTION_TIMEOUT                | CONNECT          | 10.0.0.5:8080                   | 203.0.113.7  | GET /api/orders HTTP/1.1  | 504    | 2024-05-01T10:00:03Z
      nginx-error.log   | *105                  | HTTP_RESPONSE_TIMEOUT             | RESPONSE_HEADERS | 10.0.0.5:8080                   | 203.0.113.7  | GET /api/orders HTTP/1.1  | 504    | 2024-05-01T10:01:03Z
      nginx-error.log   | *106                  | CONNECTION_TERMINATED             | RESPONSE_HEADERS | 10.0.0.5:8080                   | 203.0.113.7  | GET /api/orders HTTP/1.1  | 502    | 2024-05-01T10:01:04Z
      nginx-error.log   | *107                  | CONNECTION_TERMINATED             | RESPONSE_HEADERS | 10.0.0.5:8080                   | 203.0.113.7  | GET /api/orders HTTP/1.1  | 502    | 2024-05-01T10:01:05Z
      nginx-error.log   | *108                  | CONNECTION_TERMINATED             | REQUEST          | 10.0.0.5:8080                   | 203.0.113.7  | POST /api/orders HTTP/1.1 | 502    | 2024-05-01T10:01:06Z
      nginx-error.log   | *109                  | HTTP_RESPONSE_HEADER_SECTION_SIZE | RESPONSE_HEADERS | 10.0.0.5:8080                   | 203.0.113.7  | GET /api/orders HTTP/1.1  | 502    | 2024-05-01T10:01:07Z
      nginx-error.log   | *110                  | HTTP_PROTOCOL_ERROR               | RESPONSE_HEADERS | 10.0.0.5:8080                   | 203.0.113.7  | GET /api/orders HTTP/1.1  | 502    | 2024-05-01T10:01:08Z
      nginx-error.log   | *111                  | HTTP_PROTOCOL_ERROR               | RESPONSE_HEADERS | 10.0.0.5:8080                   | 203.0.113.7  | GET /api/orders HTTP/1.1  | 502    | 2024-05-01T10:01:09Z
      nginx-error.log   | *112                  | CONNECTION_READ_TIMEOUT           | RESPONSE_BODY    | 10.0.0.5:8080                   | 203.0.113.7  | GET /api/export.csv HTTP/1.1 |     | 2024-05-01T10:01:10Z
      nginx-error.log   | *120                  | CONNECTION_REFUSED                | CONNECT          | unix:/run/php/php8.1-fpm.sock   | 203.0.113.7  | GET /index.php HTTP/1.1   | 502    | 2024-05-01T10:02:00Z
      nginx-error.log   | *121                  | PROXY_INTERNAL_ERROR              | CONNECT          | unix:/run/php/php8.1-fpm.sock   | 203.0.113.7  | GET /index.php HTTP/1.1   | 502    | 2024-05-01T10:02:01Z
      nginx-error.log   | *122                  | CONNECTION_LIMIT_REACHED          | CONNECT          | unix:/run/php/php8.1-fpm.sock   | 203.0.113.7  | GET /index.php HTTP/1.1   | 502    | 2024-05-01T10:02:02Z
      nginx-error.log   | *123                  | CONNECTION_TERMINATED             | RESPONSE_HEADERS | unix:/run/php/php8.1-fpm.sock   | 203.0.113.7  | GET /index.php HTTP/1.1   | 502    | 2024-05-01T10:02:33Z
      nginx-error.log   | *124                  | ORIGIN_ERROR                      | RESPONSE_HEADERS | unix:/run/php/php8.1-fpm.sock   | 203.0.113.7  | GET /missing.php HTTP/1.1 |        | 2024-05-01T10:02:34Z
      nginx-error.log   | *125                  | HTTP_RESPONSE_TIMEOUT             | RESPONSE_HEADERS | unix:/run/php/php8.1-fpm.sock   | 203.0.113.7  | GET /index.php HTTP/1.1   | 504    | 2024-05-01T10:02:35Z
      nginx-error.log   | *130                  | TLS_PROTOCOL_ERROR                | TLS              | 10.0.0.5:8080                   | 203.0.113.7  | GET /api/orders HTTP/1.1  | 502    | 2024-05-01T10:03:00Z
      nginx-error.log   | *131                  | TLS_CERTIFICATE_ERROR             | TLS              | 10.0.0.5:8443                   | 203.0.113.7  | GET /api/orders HTTP/1.1  | 502    | 2024-05-01T10:03:01Z
      nginx-error.log   | *132                  | TLS_CERTIFICATE_ERROR             | TLS              | 10.0.0.5:8443                   | 203.0.113.7  | GET /api/orders HTTP/1.1  | 502    | 2024-05-01T10:03:02Z
      nginx-error.log   | *133                  | DNS_ERROR                         | DNS              | orders.internal                 | 203.0.113.7  | GET /api/orders HTTP/1.1  | 502    | 2024-05-01T10:03:03Z
      nginx-error.log   | *140                  | RATE_LIMITED                      |                  |                                 | 203.0.113.7  | GET /api/orders HTTP/1.1  | 503    | 2024-05-01T10:04:00Z
      nginx-error.log   | *141                  | CANCELED                          | REQUEST          | 10.0.0.5:8080                   | 203.0.113.7  | GET /api/orders HTTP/1.1  | 499    | 2024-05-01T10:04:01Z
      apache-error.log  | AH00957               | CONNECTION_REFUSED                | CONNECT          | 127.0.0.1:8080                  |              |                           | 503    | 2024-05-01T10:00:00.123456Z
      apache-error.log  | AH01114               | -                                 |                  |                                 |              |                           |        |
      apache-error.log  | AH00959               | -                                 |                  |                                 |              |                           |        |
      apache-error.log  | AH00940               | DESTINATION_UNAVAILABLE           | CONNECT          | localhost:8080                  |              |                           | 503    | 2024-05-01T10:00:05.000101Z
      apache-error.log  | 51240] AH01102        | HTTP_RESPONSE_TIMEOUT             | RESPONSE_HEADERS | localhost:8080                  | 203.0.113.7  |                           | 502    | 2024-05-01T10:01:00.2Z
      apache-error.log  | 51240] AH00898        | -                                 |                  |                                 |              |                           |        |
      apache-error.log  | 51241] AH01102        | CONNECTION_TERMINATED             | RESPONSE_HEADERS | localhost:8080                  | 203.0.113.7  |                           | 502    | 2024-05-01T10:01:10.3Z
      apache-error.log  | 51242] AH01102        | CONNECTION_TERMINATED             | RESPONSE_HEADERS | localhost:8080                  | 203.0.113.7  |                           | 502    | 2024-05-01T10:01:20.4Z
      apache-error.log  | AH01106               | HTTP_PROTOCOL_ERROR               | RESPONSE_HEADERS |                                 | 203.0.113.7  | GET /api/orders           | 502    | 2024-05-01T10:01:30.5Z
      apache-error.log  | AH01097               | CONNECTION_TERMINATED             | REQUEST          | 127.0.0.1:8080                  | 203.0.113.7  |                           | 502    | 2024-05-01T10:01:40.6Z
      apache-error.log  | AH02454               | CONNECTION_REFUSED                | CONNECT          | /run/php/php8.2-fpm.sock        |              |                           | 503    | 2024-05-01T10:02:00.7Z
      apache-error.log  | AH01079               | -                                 |                  |                                 |              |                           |        |
      apache-error.log  | AH01075               | HTTP_RESPONSE_TIMEOUT             | RESPONSE_HEADERS |                                 | 203.0.113.7  |                           | 504    | 2024-05-01T10:02:30.8Z
      apache-error.log  | AH01067               | CONNECTION_TERMINATED             | RESPONSE_HEADERS |                                 | 203.0.113.7  |                           | 503    | 2024-05-01T10:02:40.9Z
      haproxy.log       | :51234                | CONNECTION_REFUSED                | CONNECT          | be_app/app1                     | 203.0.113.7  | GET /api/orders HTTP/1.1  | 503    | 2024-05-01T10:00:00.101Z
      haproxy.log       | :51235                | CONNECTION_TIMEOUT                | CONNECT          | be_app/app1                     | 203.0.113.7  | GET /api/orders HTTP/1.1  | 503    | 2024-05-01T10:00:05.202Z
      haproxy.log       | :51236                | HTTP_RESPONSE_TIMEOUT             | RESPONSE_HEADERS | be_app/app2                     | 203.0.113.7  | GET /api/report HTTP/1.1  | 504    | 2024-05-01T10:00:20.303Z
      haproxy.log       | :51237                | CONNECTION_TERMINATED             | RESPONSE_HEADERS | be_app/app2                     | 203.0.113.7  | POST /api/orders HTTP/1.1 | 502    | 2024-05-01T10:01:10.404Z
      haproxy.log       | :51238                | HTTP_PROTOCOL_ERROR               | RESPONSE_HEADERS | be_app/app2                     | 203.0.113.7  | GET /api/bad-header HTTP/1.1 | 502 | 2024-05-01T10:01:11.505Z
      haproxy.log       | :51239                | DESTINATION_UNAVAILABLE           | CONNECT          | be_app                          | 203.0.113.7  | GET /api/orders HTTP/1.1  | 503    | 2024-05-01T10:01:12.606Z
      haproxy.log       | :51240                | CONNECTION_LIMIT_REACHED          | CONNECT          | be_app/app3                     | 203.0.113.7  | GET /api/orders HTTP/1.1  | 503    | 2024-05-01T10:01:13.707Z
      haproxy.log       | :51241                | CANCELED                          | RESPONSE_HEADERS | be_app/app2                     | 203.0.113.7  | GET /api/slow HTTP/1.1    |        | 2024-05-01T10:01:14.808Z
      haproxy.log       | :51242                | CONNECTION_TERMINATED             | RESPONSE_BODY    | be_app/app2                     | 203.0.113.7  | GET /api/export.csv HTTP/1.1 | 200 | 2024-05-01T10:01:15.909Z
      haproxy.log       | Health check for      | CONNECTION_REFUSED                | CONNECT          | be_app/app1                     |              |                           |        | 2024-05-01T10:01:20Z
      haproxy.log       | be_app/app2 is DOWN   | CONNECTION_TIMEOUT                | CONNECT          | be_app/app2                     |              |                           |        | 2024-05-01T10:01:25Z
      haproxy.log       | be_app/app3 is DOWN   | SERVICE_UNAVAILABLE               | RESPONSE_HEADERS | be_app/app3                     |              |                           | 503    | 2024-05-01T10:01:30Z
      haproxy.log       | no server available   | DESTINATION_UNAVAILABLE           | CONNECT          | be_app                          |              |                           |        | 2024-05-01T10:01:30Z
      envoy-access.log  | 503 UF 0              | CONNECTION_REFUSED                | CONNECT          | 10.0.2.15:8080                  | 203.0.113.7  | GET /api/orders HTTP/1.1  | 503    | 2024-05-01T10:00:00.101Z
      envoy-access.log  | UF,URX                | CONNECTION_REFUSED                | CONNECT          | 10.0.2.15:8080                  | 203.0.113.7  | GET /api/orders HTTP/1.1  | 503    | 2024-05-01T10:00:00.202Z
      envoy-access.log  | 503 UH                | DESTINATION_UNAVAILABLE           | CONNECT          | orders.example.com              | 203.0.113.7  | GET /api/orders HTTP/1.1  | 503    | 2024-05-01T10:00:01.303Z
      envoy-access.log  | 504 UT                | HTTP_RESPONSE_TIMEOUT             | RESPONSE_HEADERS | 10.0.2.16:8080                  | 203.0.113.7  | GET /api/report HTTP/1.1  | 504    | 2024-05-01T10:00:02.404Z
      envoy-access.log  | 503 UO                | CONNECTION_LIMIT_REACHED          | CONNECT          | orders.example.com              | 203.0.113.7  | GET /api/orders HTTP/1.1  | 503    | 2024-05-01T10:00:03.505Z
      envoy-access.log  | 503 UC                | CONNECTION_TERMINATED             | RESPONSE_HEADERS | 10.0.2.15:8080                  | 203.0.113.7  | POST /api/orders HTTP/1.1 | 503    | 2024-05-01T10:00:04.606Z
      envoy-access.log  | 503 UR                | CONNECTION_TERMINATED             | RESPONSE_HEADERS | 10.0.2.15:8080                  | 203.0.113.7  | GET /api/orders HTTP/2    | 503    | 2024-05-01T10:00:05.707Z
      envoy-access.log  | 502 UPE               | HTTP_PROTOCOL_ERROR               | RESPONSE_HEADERS | 10.0.2.15:8080                  | 203.0.113.7  | GET /api/orders HTTP/1.1  | 502    | 2024-05-01T10:00:06.808Z
      envoy-access.log  | /health               | SERVICE_UNAVAILABLE               | RESPONSE_HEADERS | 10.0.2.15:8080                  | 203.0.113.7  | GET /health HTTP/1.1      | 503    | 2024-05-01T10:00:07.909Z
      istio-access.log  | 0001                  | CONNECTION_REFUSED                | CONNECT          | 10.44.1.27:8080                 | 10.44.1.23   | GET /api/orders HTTP/1.1  | 503    | 2024-05-01T10:00:00.101Z
      istio-access.log  | 0002                  | TLS_CERTIFICATE_ERROR             | TLS              | 10.44.1.27:8080                 | 10.44.1.23   | GET /api/orders HTTP/1.1  | 503    | 2024-05-01T10:00:01.202Z
      istio-access.log  | 0003                  | DESTINATION_UNAVAILABLE           | CONNECT          | 'outbound|8080||orders.default.svc.cluster.local' | 10.44.1.23 | GET /api/orders HTTP/1.1 | 503 | 2024-05-01T10:00:02.303Z
      istio-access.log  | 0004                  | ORIGIN_ERROR                      | RESPONSE_HEADERS | 10.44.1.27:8080                 | 10.44.1.23   | POST /api/orders HTTP/1.1 | 500    | 2024-05-01T10:00:03.404Z
      heroku-router.log | code=H10              | DESTINATION_UNAVAILABLE           | CONNECT          | myapp.herokuapp.com             | 17.17.17.17  | GET /                     | 503    | 2010-10-07T04:51:12Z
      heroku-router.log | code=H11              | CONNECTION_LIMIT_REACHED          | CONNECT          | myapp.herokuapp.com             | 17.17.17.17  | GET /                     | 503    | 2010-10-07T04:51:07Z
      heroku-router.log | code=H12              | HTTP_RESPONSE_TIMEOUT             | RESPONSE_HEADERS | web.1                           | 17.17.17.17  | GET /                     | 503    | 2010-10-07T04:51:37Z
      heroku-router.log | code=H13              | CONNECTION_TERMINATED             | RESPONSE_HEADERS | web.1                           | 17.17.17.17  | GET /                     | 503    | 2010-10-07T04:51:37Z
      heroku-router.log | code=H14              | DESTINATION_UNAVAILABLE           | CONNECT          | myapp.herokuapp.com             | 17.17.17.17  | GET /                     | 503    | 2010-10-07T04:51:37Z
      heroku-router.log | code=H15              | CONNECTION_READ_TIMEOUT           | RESPONSE_BODY    | web.1                           | 17.17.17.17  | GET /                     | 503    | 2010-10-07T04:51:37Z
      heroku-router.log | code=H17              | HTTP_PROTOCOL_ERROR               | RESPONSE_HEADERS | web.1                           | 17.17.17.17  | GET /                     | 503    | 2010-10-07T04:51:37Z
      heroku-router.log | code=H18              | CONNECTION_TERMINATED             | RESPONSE_BODY    | web.1                           | 17.17.17.17  | GET /                     | 503    | 2010-10-07T04:51:37Z
      heroku-router.log | code=H19              | CONNECTION_TIMEOUT                | CONNECT          | web.1                           | 17.17.17.17  | GET /                     | 503    | 2010-10-07T04:51:07Z
      heroku-router.log | code=H20              | DESTINATION_UNAVAILABLE           | CONNECT          | myapp.herokuapp.com             | 17.17.17.17  | GET /                     | 503    | 2010-10-07T04:51:07Z
      heroku-router.log | code=H21              | CONNECTION_REFUSED                | CONNECT          | web.1                           | 17.17.17.17  | GET /                     | 503    | 2010-10-07T04:51:07Z
      heroku-router.log | code=H22              | CONNECTION_LIMIT_REACHED          | CONNECT          | myapp.herokuapp.com             | 17.17.17.17  | GET /                     | 503    | 2010-10-07T04:51:07Z
      heroku-router.log | code=H24              | PROXY_INTERNAL_ERROR              |                  | web.1                           | 17.17.17.17  | GET /                     |        | 2010-10-07T04:51:07Z
      heroku-router.log | code=H25              | HTTP_RESPONSE_HEADER_SECTION_SIZE | RESPONSE_HEADERS | web.1                           | 17.17.17.17  | GET /                     | 502    | 2014-03-20T14:12:28.555073Z
      heroku-router.log | code=H27              | CANCELED                          |                  | web.1                           | 17.17.17.17  | POST /submit/             | 499    | 2010-10-07T04:51:37Z
      heroku-router.log | code=H80              | SERVICE_UNAVAILABLE               |                  | myapp.herokuapp.com             | 17.17.17.17  | GET /                     | 503    | 2010-10-07T04:51:07Z
      heroku-router.log | code=H99              | PROXY_INTERNAL_ERROR              |                  | myapp.herokuapp.com             | 17.17.17.17  | GET /                     | 503    | 2010-10-07T04:51:07Z
      heroku-router.log | Error R10             | DESTINATION_UNAVAILABLE           | CONNECT          | web.1                           |              |                           |        | 2011-05-03T17:32:40Z
      heroku-router.log | Stopping process      | -                                 |                  |                                 |              |                           |        |
      heroku-router.log | to crashed            | DESTINATION_UNAVAILABLE           | CONNECT          | web.1                           |              |                           |        | 2011-05-03T17:32:41Z
      heroku-router.log | mem=1028MB            | -                                 |                  |                                 |              |                           |        |
      heroku-router.log | Error R14             | ORIGIN_ERROR                      |                  | worker.1                        |              |                           |        | 2011-05-03T17:40:11Z
      gunicorn.log      | WORKER TIMEOUT        | HTTP_RESPONSE_TIMEOUT             | RESPONSE_HEADERS | worker 12                       |              |                           |        | 2024-05-01T10:00:30Z
      gunicorn.log      | Worker exiting        | -                                 |                  |                                 |              |                           |        |
      gunicorn.log      | exited with code 1    | ORIGIN_ERROR                      |                  | worker 12                       |              |                           |        | 2024-05-01T10:00:31Z
      gunicorn.log      | SIGKILL               | ORIGIN_ERROR                      |                  | worker 14                       |              |                           |        | 2024-05-01T10:00:31Z
      php-fpm.log       | max_children          | CONNECTION_LIMIT_REACHED          | CONNECT          | pool www                        |              |                           |        | 2024-05-01T10:00:00Z
      php-fpm.log       | seems busy            | -                                 |                  |                                 |              |                           |        |
      php-fpm.log       | execution timed out   | HTTP_RESPONSE_TIMEOUT             | RESPONSE_HEADERS | pool www                        |              | GET /index.php            |        | 2024-05-01T10:00:30Z
      php-fpm.log       | SIGTERM               | ORIGIN_ERROR                      |                  | pool www                        |              |                           |        | 2024-05-01T10:00:30Z
      php-fpm.log       | SIGKILL               | ORIGIN_ERROR                      |                  | pool www                        |              |                           |        | 2024-05-01T10:00:40Z
      php-fpm.log       | SIGSEGV               | ORIGIN_ERROR                      |                  | pool www                        |              |                           |        | 2024-05-01T10:00:41Z
      php-fpm.log       | too slow              | -                                 |                  |                                 |              |                           |        |
      php-fpm.log       | code 255              | ORIGIN_ERROR                      |                  | pool www                        |              |                           |        | 2024-05-01T10:00:50Z
      kernel-oom.log    | invoked oom-killer    | -                                 |                  |                                 |              |                           |        |
      kernel-oom.log    | process 2446          | ORIGIN_ERROR                      |                  | php-fpm8.1                      |              |                           |        |
      kernel-oom.log    | process 2447          | ORIGIN_ERROR                      |                  | gunicorn                        |              |                           |        |
      kernel-oom.log    | process 2448          | ORIGIN_ERROR                      |                  | php-fpm8.1                      |              |                           |        | 2024-05-01T10:00:05Z
      kernel-oom.log    | process 2449          | ORIGIN_ERROR                      |                  | java                            |              |                           |        |
      varnish.log       | errno 111             | CONNECTION_REFUSED                | CONNECT          | default                         |              |                           | 503    |
      varnish.log       | errno 110             | CONNECTION_TIMEOUT                | CONNECT          | api                             |              |                           | 503    |
      varnish.log       | first byte timeout    | HTTP_RESPONSE_TIMEOUT             | RESPONSE_HEADERS |                                 |              |                           | 503    |
      varnish.log       | unhealthy             | DESTINATION_UNAVAILABLE           | CONNECT          | api                             |              |                           | 503    |
      varnish.log       | backend closed        | CONNECTION_TERMINATED             | RESPONSE_HEADERS |                                 |              |                           | 503    |
      varnish.log       | Received junk         | HTTP_PROTOCOL_ERROR               | RESPONSE_HEADERS |                                 |              |                           | 503    |
      varnish.log       | overflow              | HTTP_RESPONSE_HEADER_SECTION_SIZE | RESPONSE_HEADERS |                                 |              |                           | 503    |
      varnish.log       | busy                  | CONNECTION_LIMIT_REACHED          | CONNECT          | api                             |              |                           | 503    |
      varnish.log       | no backend            | DESTINATION_UNAVAILABLE           | CONNECT          |                                 |              |                           | 503    |
      varnish.log       | BerespStatus          | -                                 |                  |                                 |              |                           |        |
      """)
  void readsEachFixtureLineIntoTheExpectedFinding(String file, String key, String kind,
      String phase, String upstream, String client, String request, Integer status, String time) {
    String line = Fixtures.line(file, key);
    String format = formatOf(file);

    Optional<LogFinding> own = LogFormats.parser(format, Fixtures.CLOCK).parse(line);
    Optional<LogFinding> detected = auto.parse(line);

    assertThat(detected).isEqualTo(own);
    if (kind.equals("-")) {
      assertThat(own).isEmpty();
      return;
    }
    assertThat(own).isPresent();
    LogFinding f = own.get();
    assertThat(f.kind()).isEqualTo(FailureKind.valueOf(kind));
    assertThat(f.format()).isEqualTo(format);
    assertThat(f.phase()).isEqualTo(Optional.ofNullable(phase).map(Phase::valueOf));
    assertThat(f.upstream()).isEqualTo(Optional.ofNullable(upstream));
    assertThat(f.client()).isEqualTo(Optional.ofNullable(client));
    assertThat(f.request()).isEqualTo(Optional.ofNullable(request));
    assertThat(f.status().isPresent() ? (Integer) f.status().getAsInt() : null).isEqualTo(status);
    assertThat(f.time()).isEqualTo(Optional.ofNullable(time).map(Instant::parse));
    assertThat(f.line()).isEqualTo(line);
    assertThat(f.evidence().detail()).isNotBlank();
  }

  static Stream<Arguments> fixtureFiles() {
    return Fixtures.FILES.stream().map(f -> Arguments.of(f.get(0), f.get(1)));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("fixtureFiles")
  void detectsTheFormatOfEachFixtureFile(String file, String format) {
    assertThat(LogFormats.detect(Fixtures.lines(file))).contains(format);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtureFiles")
  void everyFailureLineIsDetectedAsItsOwnFormat(String file, String format) {
    LogParser own = LogFormats.parser(format, Fixtures.CLOCK);
    for (String line : Fixtures.lines(file)) {
      if (own.parse(line).isPresent()) {
        assertThat(LogFormats.detect(line)).as(line).contains(format);
      }
    }
  }

  @Test
  void nonFailureLinesYieldNothingFromAnyParser() {
    List<String> lines = Fixtures.lines("non-failures.log");
    assertThat(lines).hasSizeGreaterThan(15);
    for (String line : lines) {
      assertThat(auto.parse(line)).as(line).isEmpty();
      for (String format : LogFormats.ids()) {
        assertThat(LogFormats.parser(format, Fixtures.CLOCK).parse(line)).as(format + ": " + line)
            .isEmpty();
      }
    }
  }

  @Test
  void parsersOfOtherFormatsIgnoreAFixtureLine() {
    String nginx = Fixtures.line("nginx-error.log", "*101 connect()");
    for (String format : LogFormats.ids()) {
      if (!format.equals("nginx")) {
        assertThat(LogFormats.parser(format, Fixtures.CLOCK).parse(nginx)).as(format).isEmpty();
      }
    }
  }

  @Test
  void readsLinesThatCameThroughSyslog() {
    String line = "<131>May  1 10:00:00 web1 nginx: [error] 1234#1234: *101 connect() failed (111: "
        + "Connection refused) while connecting to upstream, client: 203.0.113.7, server: a, "
        + "request: \"GET / HTTP/1.1\", upstream: \"http://10.0.0.5:8080/\", host: \"a\"";

    LogFinding f = auto.parse(line).orElseThrow();

    assertThat(f.format()).isEqualTo("nginx");
    assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
    assertThat(f.time()).contains(Instant.parse("2024-05-01T10:00:00Z"));
  }

  @Test
  void aSyslogStampFromDecemberReadInJanuaryBelongsToLastYear() {
    LogParser parser = LogFormats.parser("haproxy", java.time.Clock.fixed(
        Instant.parse("2025-01-02T00:00:00Z"), java.time.ZoneOffset.UTC));
    String line = "Dec 31 23:59:00 lb1 haproxy[1]: backend be_app has no server available!";

    assertThat(parser.parse(line).orElseThrow().time())
        .contains(Instant.parse("2024-12-31T23:59:00Z"));
  }

  @Test
  void localStampsAreReadInTheClockZone() {
    LogParser parser = LogFormats.parser("nginx", java.time.Clock.fixed(
        Instant.parse("2024-06-01T00:00:00Z"), java.time.ZoneId.of("Europe/Berlin")));

    LogFinding f = parser.parse(Fixtures.line("nginx-error.log", "*102")).orElseThrow();

    assertThat(f.time()).contains(Instant.parse("2024-05-01T08:00:01Z"));
  }

  @Test
  void anUnknownUpstreamErrorIsReportedAsUnknownRatherThanDropped() {
    String line = "2024/05/01 10:00:00 [error] 1#1: *9 upstream did something new while reading "
        + "response header from upstream, client: 203.0.113.7, server: a, request: \"GET / "
        + "HTTP/1.1\", upstream: \"http://10.0.0.5:8080/\", host: \"a\"";

    LogFinding f = auto.parse(line).orElseThrow();

    assertThat(f.kind()).isEqualTo(FailureKind.UNKNOWN);
    assertThat(f.phase()).contains(Phase.RESPONSE_HEADERS);
    assertThat(f.upstream()).contains("10.0.0.5:8080");
  }

  @Test
  void tellsKongAndIngressNginxApart() {
    String ingress = "2024/05/01 10:00:00 [warn] 33#33: *1 [lua] balancer.lua:343: balance(): no "
        + "peer was returned, balancer: default-orders-80, client: 203.0.113.7, server: a, "
        + "request: \"GET / HTTP/1.1\", host: \"a\"";

    LogFinding f = auto.parse(ingress).orElseThrow();

    assertThat(f.responder()).isEqualTo(Responder.INGRESS_NGINX);
    assertThat(f.kind()).isEqualTo(FailureKind.DESTINATION_UNAVAILABLE);
    assertThat(f.upstream()).contains("default-orders-80");
  }

  @Test
  void responderIsTheHopOrTheOriginBehindIt() {
    assertThat(auto.parse(Fixtures.line("haproxy.log", ":51234")).orElseThrow().responder())
        .isEqualTo(Responder.HAPROXY);
    assertThat(auto.parse(Fixtures.line("envoy-access.log", "/health")).orElseThrow()
        .responder()).isEqualTo(Responder.ORIGIN);
    assertThat(auto.parse(Fixtures.line("istio-access.log", "0001")).orElseThrow().responder())
        .isEqualTo(Responder.ISTIO);
    assertThat(auto.parse(Fixtures.line("php-fpm.log", "SIGKILL")).orElseThrow().responder())
        .isEqualTo(Responder.ORIGIN);
  }

  @Test
  void rejectsAnUnknownFormatId() {
    assertThatThrownBy(() -> LogFormats.parser("iis"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format: \"iis\" (expected: one of [nginx");
  }

  @Test
  void findingJsonUsesTheDiagnosisFieldNames() {
    LogFinding f = auto.parse(Fixtures.line("nginx-error.log", "*101 connect()")).orElseThrow();

    assertThat(f.toJson())
        .startsWith("{\"time\":\"2024-05-01T10:00:00Z\",\"format\":\"nginx\","
            + "\"kind\":\"connection_refused\",\"proxyStatus\":\"connection_refused\","
            + "\"phase\":\"connect\",\"responder\":\"nginx\",\"status\":502,"
            + "\"upstream\":\"10.0.0.5:8080\",\"client\":\"203.0.113.7\","
            + "\"request\":\"GET /api/orders HTTP/1.1\",\"evidence\":[{\"source\":\"log\","
            + "\"detail\":\"connect() failed (111: Connection refused) while connecting to "
            + "upstream\"}],\"line\":\"2024/05/01 10:00:00 [error]")
        .endsWith("host: \\\"api.example.com\\\"\"}");
    LogFinding noTime = auto.parse(Fixtures.line("varnish.log", "overflow")).orElseThrow();
    assertThat(noTime.toJson()).contains("\"time\":null").contains("\"upstream\":null");
  }

  @Test
  void findingsKeepHugeFieldsBounded() {
    String path = "/" + "a".repeat(100_000);
    String line = "2024/05/01 10:00:00 [error] 1#1: *9 no live upstreams while connecting to "
        + "upstream, client: 203.0.113.7, server: a, request: \"GET " + path + " HTTP/1.1\", "
        + "upstream: \"http://backend" + path + "\", host: \"a\"";

    LogFinding f = auto.parse(line).orElseThrow();

    assertThat(f.line()).hasSize(LogFinding.MAX_LINE);
    assertThat(f.request().orElseThrow()).hasSize(LogFinding.MAX_FIELD);
    assertThat(f.upstream()).contains("backend");
  }

  private static String formatOf(String file) {
    return Fixtures.FILES.stream().filter(f -> f.get(0).equals(file)).findFirst()
        .orElseThrow().get(1);
  }
}
