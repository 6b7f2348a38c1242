package dev.switchboard.cli;

import dev.switchboard.store.SqliteDriverPreload;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultChannelId;
import io.netty.handler.codec.http.HttpObjectEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.vertx.core.dns.AddressResolverOptions;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.impl.buffer.VertxByteBufAllocator;
import io.vertx.core.json.Json;

import java.util.List;

/**
 * What the way to the first answer needs and nothing before it does, done on a daemon thread of its
 * own while the main thread reads the configuration and {@link EarlyStart} builds Vert.x: on two cores
 * one of them is otherwise idle from the configuration's end to the port. Each step is one a profile of
 * the start found on that way, in the order it is needed there; a thread that gets to one of them
 * first waits for the initialisation under way instead of doing it again, so nothing is done twice.
 * Nothing here may fail a start: what goes wrong is met, and reported, where it is used.
 */
final class StartPreload {

  /**
   * Netty's epoll transport, by name: the jar carries it for Linux on x86_64 only, at run time. Its
   * initialiser unpacks the native library to a temporary file and loads it (~40 ms), the first thing
   * Vert.x's build needs; where it cannot, Vert.x starts on NIO and says so.
   */
  private static final String EPOLL = "io.netty.channel.epoll.Epoll";

  private StartPreload() {
  }

  static void start() {
    Thread preload = new Thread(StartPreload::run, "switchboard-preload");
    preload.setDaemon(true);
    preload.start();
  }

  private static void run() {
    initialise(EPOLL, StartPreload.class.getClassLoader());
    try {
      // Class literals here, not in a constant: naming them loads them, which the main thread must not
      // do on its way to the configuration. Vert.x's name resolver and its Netty parts come last in its build.
      initialise(List.of(AddressResolverOptions.class, DnsNameResolver.class, GlobalEventExecutor.class));
      SqliteDriverPreload.load();
      // Binding the port: Netty's adaptive allocator sets up its size classes, a channel's id reads the
      // machine's addresses. Then what the first request meets: the HTTP codec, Vert.x's JSON codec, the
      // model clients' options.
      initialise(List.of(VertxByteBufAllocator.class, DefaultChannelId.class, HttpObjectEncoder.class,
          HttpResponseStatus.class, Http2Settings.class, HttpClientOptions.class, Json.class));
      // Netty checks every handler for @Sharable: the JDK's first annotation read sets up its parser
      // and a proxy class per annotation type, on the way to the bound port.
      ChannelInitializer.class.isAnnotationPresent(ChannelHandler.Sharable.class);
    } catch (RuntimeException | LinkageError ignored) {
      // Only a head start: what failed here is done again, and reported, where it is used.
    }
  }

  private static void initialise(List<Class<?>> types) {
    for (Class<?> type : types) {
      initialise(type.getName(), type.getClassLoader());
    }
  }

  private static void initialise(String className, ClassLoader loader) {
    try {
      Class.forName(className, true, loader);
    } catch (ClassNotFoundException | LinkageError ignored) {
      // Only a head start: the class is initialised (and fails, if it must) where it is used.
    }
  }
}
