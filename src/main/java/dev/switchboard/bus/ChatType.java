package dev.switchboard.bus;

/** Whether a conversation is one-to-one with the bot or in a group. */
public enum ChatType {
  DM, GROUP;

  public String wireName() {
    return name().toLowerCase();
  }

  public static ChatType fromWire(String value) {
    return "group".equals(value) ? GROUP : DM;
  }
}
