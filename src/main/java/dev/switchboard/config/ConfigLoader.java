package dev.switchboard.config;

import dev.switchboard.config.PostgresUrl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Loads and validates the configuration: OpenClaw's {@code models}/{@code agents} format plus
 * Switchboard's gateway, channels, session and messages sections. Anything wrong fails here, at
 * start, with the JSON path and the reason; a provider whose key is missing is kept as unavailable.
 */
public final class ConfigLoader {

  public static final String DEFAULT_PATH = "conf/switchboard.json5";
  public static final String CONFIG_ENV = "SWITCHBOARD_CONFIG";

  private static final String BUILTIN_RESOURCE = "/dev/switchboard/config/builtin-providers.json5";
  private static final String BUILTIN_PATH = "built-in models.providers";

  private ConfigLoader() {
  }

  /** The file to read: {@code --config}, else {@code SWITCHBOARD_CONFIG}, else {@value #DEFAULT_PATH}. */
  public static Path locate(String commandLinePath, Map<String, String> environment) {
    if (commandLinePath != null) {
      return Path.of(commandLinePath);
    }
    String fromEnv = environment.get(CONFIG_ENV);
    return Path.of(fromEnv == null || fromEnv.isBlank() ? DEFAULT_PATH : fromEnv);
  }

  /** Reads the file; blocking, so call it from main or {@code executeBlocking}. */
  public static SwitchboardConfig load(Path file, Map<String, String> environment) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("", "cannot read " + file + ": " + describe(e));
    }
    return parse(file.toString(), text, environment);
  }

  public static SwitchboardConfig parse(String source, String text, Map<String, String> environment) {
    ConfigNode root = Json5Reader.read(source, text, environment, "")
        .allowOnly("gateway", "agents", "models", "channels", "session", "messages", "commands", "cluster",
            "streaming", "tools");
    GatewayConfig gateway = readGateway(root.object("gateway"));
    ModelCatalog catalog = readModels(root, environment);
    ConfigNode channels = root.object("channels").allowOnly("whatsapp", "telegram", "slack", "http");
    SessionConfig session = readSession(root.object("session"));
    requireSharedStoreForCluster(root.object("cluster"), session);
    ConfigNode tools = root.object("tools").allowOnly("media");
    return new SwitchboardConfig(gateway, catalog, channels, session, readMessages(root.object("messages")),
        CommandsConfig.read(root.object("commands"), catalog), ClusterConfig.read(root.object("cluster")),
        StreamingConfig.from(root.object("streaming")), MediaConfigReader.read(tools.object("media"), catalog));
  }

  private static ModelCatalog readModels(ConfigNode root, Map<String, String> environment) {
    ConfigNode models = root.object("models").allowOnly("mode", "providers");
    boolean merge = models.oneOf("mode", Map.of("merge", true, "replace", false), true);
    ConfigNode fileProviders = models.object("providers");
    ConfigNode builtIn = merge ? Json5Reader.read(BUILTIN_PATH, builtInText(), environment, BUILTIN_PATH)
        : ConfigNode.of(new io.vertx.core.json.JsonObject());

    Map<String, ProviderConfig> providers = new LinkedHashMap<>();
    ModelRef firstFileModel = null;
    for (String id : fileProviders.keys()) {
      String key = id.toLowerCase();
      if (providers.containsKey(key)) {
        throw new ConfigException(fileProviders.pathOf(id), "provider id differs from another only by case");
      }
      ConfigNode builtInEntry = builtIn.has(key) ? builtIn.object(key) : null;
      ProviderConfig provider = ProviderReader.read(key, LayeredNode.of(fileProviders.object(id), builtInEntry));
      providers.put(key, provider);
      if (firstFileModel == null) {
        firstFileModel = new ModelRef(key, provider.models().get(0).id());
      }
    }
    for (String id : builtIn.keys()) {
      providers.computeIfAbsent(id, key -> ProviderReader.read(key, LayeredNode.of(builtIn.object(key))));
    }

    Map<String, ProviderConfig> frozen = Map.copyOf(providers);
    AgentDefaults agent = AgentReader.read(root.object("agents"), ref -> resolve(frozen, ref), firstFileModel);
    return new ModelCatalog(providers, agent);
  }

  private static Optional<ResolvedModel> resolve(Map<String, ProviderConfig> providers, ModelRef ref) {
    ProviderConfig provider = providers.get(ref.provider());
    return provider == null ? Optional.empty()
        : provider.model(ref.model()).map(definition -> new ResolvedModel(ref, provider, definition));
  }

  private static GatewayConfig readGateway(ConfigNode gateway) {
    gateway.allowOnly("bind", "port", "maxBodyBytes", "opsToken", "idleTimeoutSeconds", "instances",
        "drainSeconds");
    String bind = gateway.string("bind", GatewayConfig.DEFAULT_BIND);
    String badBind = BindAddress.problem(bind);
    if (badBind != null) {
      throw new ConfigException(gateway.pathOf("bind"), badBind);
    }
    return new GatewayConfig(bind,
        gateway.integer("port", GatewayConfig.DEFAULT_PORT, 0, 65_535),
        gateway.number("maxBodyBytes", GatewayConfig.DEFAULT_MAX_BODY_BYTES, 1024, 64L * 1024 * 1024),
        gateway.secret("opsToken").orElse(null),
        gateway.integer("idleTimeoutSeconds", GatewayConfig.DEFAULT_IDLE_TIMEOUT_SECONDS, 1, 86_400),
        gateway.integer("instances", GatewayConfig.defaultInstances(), 1, 1024),
        gateway.integer("drainSeconds", GatewayConfig.DEFAULT_DRAIN_SECONDS, 0, 3_600));
  }

  private static SessionConfig readSession(ConfigNode session) {
    session.allowOnly("dmScope", "store", "idleDays");
    ConfigNode store = session.object("store").allowOnly("path", "url", "password");
    // OpenClaw's "main" and "per-peer" scopes merge several chats into one session: fine for one
    // owner talking to their assistant, wrong for a bridge answering many people, whose replies
    // would go to whichever chat spoke last. Only the per-chat scope is offered.
    return new SessionConfig(
        session.oneOf("dmScope", Map.of(SessionConfig.DEFAULT_DM_SCOPE, SessionConfig.DEFAULT_DM_SCOPE),
            SessionConfig.DEFAULT_DM_SCOPE),
        store.string("path", SessionConfig.DEFAULT_STORE_PATH), readStoreUrl(store), store.secret("password").orElse(null),
        session.integer("idleDays", SessionConfig.DEFAULT_IDLE_DAYS, 1, 36_500));
  }

  /** {@code session.store.url}, validated; null when the store is the SQLite file. */
  private static String readStoreUrl(ConfigNode store) {
    String url = store.string("url", null);
    if (url == null) {
      if (store.has("password")) {
        throw new ConfigException(store.pathOf("password"), "is only used with session.store.url (PostgreSQL)");
      }
      return null;
    }
    if (store.has("path")) {
      throw new ConfigException(store.pathOf("path"),
          "give either path (SQLite, one node) or url (PostgreSQL), not both");
    }
    try {
      PostgresUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(store.pathOf("url"), e.getMessage());
    }
    return url;
  }

  /** Nodes of a cluster share their state: only a PostgreSQL store can be shared. */
  private static void requireSharedStoreForCluster(ConfigNode cluster, SessionConfig session) {
    if (cluster.bool("enabled", false) && !session.sharedStore()) {
      throw new ConfigException(cluster.pathOf("enabled"), "a cluster needs a shared PostgreSQL store: set"
          + " session.store.url (the SQLite file at session.store.path serves one node only)");
    }
  }

  private static MessagesConfig readMessages(ConfigNode messages) {
    messages.allowOnly("maxAgeSeconds", "rateLimit", "maxPending");
    ConfigNode rateLimit = messages.object("rateLimit").allowOnly("perSenderPerMinute");
    return new MessagesConfig(
        messages.number("maxAgeSeconds", MessagesConfig.DEFAULT_MAX_AGE_SECONDS, 1, 30L * 24 * 3600),
        rateLimit.integer("perSenderPerMinute", MessagesConfig.DEFAULT_PER_SENDER_PER_MINUTE, 1, 100_000),
        messages.integer("maxPending", MessagesConfig.DEFAULT_MAX_PENDING, 1, 1_000_000));
  }

  private static String builtInText() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(BUILTIN_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(BUILTIN_RESOURCE + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + BUILTIN_RESOURCE, e);
    }
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
