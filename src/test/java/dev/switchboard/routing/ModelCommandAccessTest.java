package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.ChatType;
import dev.switchboard.bus.InboundMessage;
import dev.switchboard.config.CommandsConfig;
import dev.switchboard.config.ModelRef;
import dev.switchboard.ops.Metrics;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.routing.ChainFixtures.A;
import static dev.switchboard.routing.ChainFixtures.AWAIT_SECONDS;
import static dev.switchboard.routing.ChainFixtures.B;
import static dev.switchboard.routing.ChainFixtures.catalog;
import static dev.switchboard.routing.ChainFixtures.providersAB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /model} changes cost and routing: on a chat platform only operators may choose any model,
 * others only among {@code commands.allowedModels}; {@code /new}, {@code /status}, {@code /help}, looking
 * at the choice and going back to the chain stay open.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class ModelCommandAccessTest {

  private static final String SESSION = "telegram:bot1:dm:42";
  private static final String OPERATOR = "900";
  private static final String CUSTOMER = "u1";

  private final InMemorySessionPreferences preferences = new InMemorySessionPreferences();
  private DeliveredReplies telegram;
  private ScriptedModels models;
  private Vertx vertx;

  private void deploy(Vertx vertx, CommandsConfig access) throws Exception {
    this.vertx = vertx;
    models = new ScriptedModels(vertx);
    vertx.deployVerticle(new RouterVerticle(catalog(providersAB(), A, B), models, new InMemorySessionHistory(),
        preferences, new Metrics()).withCommands(access)).await(AWAIT_SECONDS, TimeUnit.SECONDS);
    telegram = DeliveredReplies.listen(vertx, "telegram", 10);
  }

  private void send(String id, String sender, String text) {
    vertx.eventBus().send(Addresses.INBOUND, new InboundMessage("telegram:" + id, "telegram", "bot1", "42",
        ChatType.DM, sender, "Someone", null, text, System.currentTimeMillis(), null).toJson());
  }

  private String chosen() throws Exception {
    return preferences.model(SESSION).await(AWAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void withoutConfigurationACustomerCannotChooseAModel(Vertx vertx) throws Exception {
    deploy(vertx, CommandsConfig.NONE);

    send("1", CUSTOMER, "/model remote/b");

    assertEquals("Only an operator can choose the model here. /model default goes back to the chain.",
        telegram.reply(0).text());
    assertNull(chosen());
  }

  @Test
  void anOperatorChoosesAnyModel(Vertx vertx) throws Exception {
    deploy(vertx, new CommandsConfig(Map.of("telegram", Set.of(OPERATOR)), Set.of()));

    send("1", OPERATOR, "/model remote/b");

    assertTrue(telegram.reply(0).text().startsWith("This conversation now uses remote/b only"), telegram.reply(0).text());
    assertEquals(B, chosen());
  }

  @Test
  void anOperatorOfAnotherChannelIsNotOneHere(Vertx vertx) throws Exception {
    deploy(vertx, new CommandsConfig(Map.of("whatsapp", Set.of(CUSTOMER)), Set.of()));

    send("1", CUSTOMER, "/model remote/b");

    assertTrue(telegram.reply(0).text().startsWith("Only an operator"), telegram.reply(0).text());
    assertNull(chosen());
  }

  @Test
  void aCustomerChoosesOnlyAmongTheAllowedModels(Vertx vertx) throws Exception {
    deploy(vertx, new CommandsConfig(Map.of(), Set.of(ModelRef.parseOrNull(A))));

    send("1", CUSTOMER, "/model remote/b");
    send("2", CUSTOMER, "/model local/a");

    assertEquals("You can choose local/a; other models only an operator can choose.", telegram.reply(0).text());
    assertTrue(telegram.reply(1).text().startsWith("This conversation now uses local/a only"), telegram.reply(1).text());
    assertEquals(A, chosen());
  }

  @Test
  void theOpenCommandsStayOpenAndReachNoModel(Vertx vertx) throws Exception {
    deploy(vertx, CommandsConfig.NONE);

    send("1", CUSTOMER, "/help");
    send("2", CUSTOMER, "/status");
    send("3", CUSTOMER, "/new");
    send("4", CUSTOMER, "/model");
    send("5", CUSTOMER, "/model default");

    assertTrue(telegram.reply(0).text().contains("/model"), telegram.reply(0).text());
    assertTrue(telegram.reply(1).text().contains(A), telegram.reply(1).text());
    assertTrue(telegram.reply(2).text().startsWith("New conversation started"), telegram.reply(2).text());
    assertTrue(telegram.reply(3).text().startsWith("Model: the default chain"), telegram.reply(3).text());
    assertTrue(telegram.reply(4).text().startsWith("Back to the default chain"), telegram.reply(4).text());
    assertEquals(0, models.calls(A) + models.calls(B));
  }
}
