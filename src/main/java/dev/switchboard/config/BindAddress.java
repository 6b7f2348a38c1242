package dev.switchboard.config;

import java.util.regex.Pattern;

/**
 * What {@code gateway.bind} may be: an IPv4 or IPv6 address, or a host name. Checked when the
 * configuration is read, so that {@code check} reports a typo rather than {@code run} failing at the
 * port; whether the address belongs to this machine only the bind can tell.
 */
final class BindAddress {

  private static final Pattern IPV4 = Pattern.compile("[0-9]+(\\.[0-9]+){3}");
  private static final Pattern NUMERIC = Pattern.compile("[0-9.]+");
  private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9]+)?]?");
  /** Underscores are outside RFC 1123, but container networks name services with them and they resolve. */
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
  private static final int MAX_HOST_NAME = 253;

  private BindAddress() {
  }

  /** Null when {@code value} is an address or host name, else why not. */
  static String problem(String value) {
    if (IPV4.matcher(value).matches()) {
      for (String part : value.split("\\.")) {
        if (part.length() > 3 || Integer.parseInt(part) > 255) {
          return "\"" + value + "\" is not an IPv4 address: each part is 0-255";
        }
      }
      return null;
    }
    if (NUMERIC.matcher(value).matches()) {
      return "\"" + value + "\" is not an IPv4 address (four numbers 0-255, like 127.0.0.1)";
    }
    if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
      return "\"" + value + "\" looks like host:port; the port goes in gateway.port";
    }
    if (IPV6.matcher(value).matches()) {
      return null;
    }
    String name = value.endsWith(".") ? value.substring(0, value.length() - 1) : value;
    if (name.isEmpty() || name.length() > MAX_HOST_NAME) {
      return "\"" + value + "\" is not a host name or IP address";
    }
    for (String label : name.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return "\"" + value + "\" is not a host name or IP address";
      }
    }
    return null;
  }
}
