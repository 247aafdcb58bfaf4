package dev.failsoft.examples.boot;

import dev.failsoft.okhttp.Failsoft;
import dev.failsoft.okhttp.OkHttpConfig;
import dev.failsoft.policy.RetryPolicy;
import dev.failsoft.servlet.RouteRule;
import dev.failsoft.servlet.StaleIfErrorFilter;
import okhttp3.OkHttpClient;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.converter.Converter;

/**
 * A news site whose pages are made from an upstream content API: the OkHttp client retries and
 * diagnoses upstream failures, and {@link StaleIfErrorFilter} serves the last good page when a
 * failure gets through anyway.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NewsApplication {

  public static void main(String[] args) {
    SpringApplication.run(NewsApplication.class, args);
  }

  @Bean
  OkHttpClient upstreamClient(NewsProperties news) {
    OkHttpConfig config =
        OkHttpConfig.builder()
            .retryPolicy(
                RetryPolicy.builder()
                    .maxAttempts(news.maxAttempts())
                    .deadline(news.callTimeout())
                    .build())
            .build();
    // install() goes last: it hooks an EventListener into the builder to track each attempt.
    return Failsoft.okhttp(config)
        .install(new OkHttpClient.Builder().callTimeout(news.callTimeout()))
        .build();
  }

  @Bean
  FilterRegistrationBean<StaleIfErrorFilter> staleIfErrorFilter(NewsProperties news) {
    StaleIfErrorFilter.Builder filter = StaleIfErrorFilter.builder().banner(news.banner());
    news.routes().forEach(filter::route);
    FilterRegistrationBean<StaleIfErrorFilter> registration =
        new FilterRegistrationBean<>(filter.build());
    registration.addUrlPatterns("/*");
    // The default order puts it after Boot's own filters (and Spring Security's, when present),
    // so a request they turn away is never answered from the store.
    return registration;
  }

  /** Reads {@code news.routes[n]} the way the filter's {@code routes} init-param is read. */
  @Bean
  @ConfigurationPropertiesBinding
  static Converter<String, RouteRule> routeRuleConverter() {
    // A class, not a lambda: Spring reads the source and target types off its generic interface.
    return new Converter<String, RouteRule>() {
      @Override
      public RouteRule convert(String spec) {
        return RouteRule.parse(spec);
      }
    };
  }
}
