package dev.failsoft.okhttp.internal;

import dev.failsoft.diagnosis.Phase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.Dispatcher;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.HttpUrl;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Records the phase each attempt reaches and forwards every event, unchanged and in order, to the
 * user's own listener.
 *
 * <p>The phase is what makes retry safety exact: until {@code requestHeadersStart} no byte of the
 * request has left (DNS, proxy selection, connect, TLS), so even a POST may be repeated. Events
 * that only OkHttp 5 sends are forwarded too; OkHttp 4 never calls them.
 */
final class PhaseListener extends EventListener {
  private final CallRegistry registry;
  private final EventListener delegate;

  PhaseListener(CallRegistry registry, EventListener delegate) {
    this.registry = registry;
    this.delegate = delegate;
  }

  private void reached(Call call, Phase phase) {
    CallState state = registry.get(call);
    if (state != null) {
      state.reached(phase);
    }
  }

  @Override
  public void callStart(Call call) {
    delegate.callStart(call);
  }

  @Override
  public void dispatcherQueueStart(Call call, Dispatcher dispatcher) {
    delegate.dispatcherQueueStart(call, dispatcher);
  }

  @Override
  public void dispatcherQueueEnd(Call call, Dispatcher dispatcher) {
    delegate.dispatcherQueueEnd(call, dispatcher);
  }

  @Override
  public void proxySelectStart(Call call, HttpUrl url) {
    reached(call, Phase.DNS);
    delegate.proxySelectStart(call, url);
  }

  @Override
  public void proxySelectEnd(Call call, HttpUrl url, List<Proxy> proxies) {
    delegate.proxySelectEnd(call, url, proxies);
  }

  @Override
  public void dnsStart(Call call, String domainName) {
    reached(call, Phase.DNS);
    delegate.dnsStart(call, domainName);
  }

  @Override
  public void dnsEnd(Call call, String domainName, List<InetAddress> inetAddressList) {
    delegate.dnsEnd(call, domainName, inetAddressList);
  }

  @Override
  public void connectStart(Call call, InetSocketAddress inetSocketAddress, Proxy proxy) {
    reached(call, Phase.CONNECT);
    delegate.connectStart(call, inetSocketAddress, proxy);
  }

  @Override
  public void secureConnectStart(Call call) {
    reached(call, Phase.TLS);
    delegate.secureConnectStart(call);
  }

  @Override
  public void secureConnectEnd(Call call, Handshake handshake) {
    delegate.secureConnectEnd(call, handshake);
  }

  @Override
  public void connectEnd(
      Call call, InetSocketAddress inetSocketAddress, Proxy proxy, Protocol protocol) {
    delegate.connectEnd(call, inetSocketAddress, proxy, protocol);
  }

  @Override
  public void connectFailed(
      Call call,
      InetSocketAddress inetSocketAddress,
      Proxy proxy,
      Protocol protocol,
      IOException ioe) {
    delegate.connectFailed(call, inetSocketAddress, proxy, protocol, ioe);
  }

  @Override
  public void connectionAcquired(Call call, Connection connection) {
    CallState state = registry.get(call);
    if (state != null) {
      state.connected(connection);
    }
    delegate.connectionAcquired(call, connection);
  }

  @Override
  public void connectionReleased(Call call, Connection connection) {
    CallState state = registry.get(call);
    if (state != null) {
      state.released(connection);
    }
    delegate.connectionReleased(call, connection);
  }

  @Override
  public void requestHeadersStart(Call call) {
    // From here on, bytes of the request may have reached the upstream.
    reached(call, Phase.REQUEST);
    delegate.requestHeadersStart(call);
  }

  @Override
  public void requestHeadersEnd(Call call, Request request) {
    // Written; with no body to follow, the exchange now waits for the response. OkHttp only
    // sends responseHeadersStart once the headers have arrived, too late to mark the wait.
    if (request.body() == null) {
      reached(call, Phase.RESPONSE_HEADERS);
    }
    delegate.requestHeadersEnd(call, request);
  }

  @Override
  public void requestBodyStart(Call call) {
    reached(call, Phase.REQUEST);
    delegate.requestBodyStart(call);
  }

  @Override
  public void requestBodyEnd(Call call, long byteCount) {
    reached(call, Phase.RESPONSE_HEADERS);
    delegate.requestBodyEnd(call, byteCount);
  }

  @Override
  public void requestFailed(Call call, IOException ioe) {
    delegate.requestFailed(call, ioe);
  }

  @Override
  public void responseHeadersStart(Call call) {
    reached(call, Phase.RESPONSE_HEADERS);
    delegate.responseHeadersStart(call);
  }

  @Override
  public void responseHeadersEnd(Call call, Response response) {
    delegate.responseHeadersEnd(call, response);
  }

  @Override
  public void responseBodyStart(Call call) {
    reached(call, Phase.RESPONSE_BODY);
    delegate.responseBodyStart(call);
  }

  @Override
  public void responseBodyEnd(Call call, long byteCount) {
    delegate.responseBodyEnd(call, byteCount);
  }

  @Override
  public void responseFailed(Call call, IOException ioe) {
    delegate.responseFailed(call, ioe);
  }

  @Override
  public void callEnd(Call call) {
    delegate.callEnd(call);
  }

  @Override
  public void callFailed(Call call, IOException ioe) {
    delegate.callFailed(call, ioe);
  }

  @Override
  public void canceled(Call call) {
    CallState state = registry.get(call);
    if (state != null) {
      state.wake();
    }
    delegate.canceled(call);
  }

  @Override
  public void satisfactionFailure(Call call, Response response) {
    delegate.satisfactionFailure(call, response);
  }

  @Override
  public void cacheHit(Call call, Response cachedResponse) {
    delegate.cacheHit(call, cachedResponse);
  }

  @Override
  public void cacheMiss(Call call) {
    delegate.cacheMiss(call);
  }

  @Override
  public void cacheConditionalHit(Call call, Response cachedResponseWithNoBody) {
    delegate.cacheConditionalHit(call, cachedResponseWithNoBody);
  }

  @Override
  public void retryDecision(Call call, IOException exception, boolean retry) {
    delegate.retryDecision(call, exception, retry);
  }

  @Override
  public void followUpDecision(Call call, Response networkResponse, Request nextRequest) {
    delegate.followUpDecision(call, networkResponse, nextRequest);
  }
}
