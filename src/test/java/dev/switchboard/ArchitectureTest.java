package dev.switchboard;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package boundaries of DESIGN.md §2, read from the sources: {@code bus} is a leaf (everything may
 * send records over the bus, the bus knows nobody), and no top-level package depends on itself through
 * others, so each step of §1's data flow can be read in its own package. A dependency is an import
 * (static ones included) or a fully qualified name in code.
 */
class ArchitectureTest {

  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern PACKAGE = Pattern.compile("^package dev\\.switchboard((?:\\.[a-z][a-z0-9]*)*);",
      Pattern.MULTILINE);
  // dev.switchboard.<packages>.<Type>: an import, a static import or a qualified name in code.
  private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.switchboard((?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");
  private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
  private static final String ROOT = "(root)";

  @Test
  void busDependsOnNoOtherPackageOfTheProject() {
    Map<String, Set<String>> edges = packageGraph(false);
    Set<String> fromBus = edges.getOrDefault("bus", Set.of());
    assertTrue(fromBus.isEmpty(), "bus must be a leaf but depends on " + fromBus);
  }

  @Test
  void topLevelPackagesHaveNoCycle() {
    Map<String, Set<String>> edges = packageGraph(true);
    assertTrue(edges.containsKey("channel") && edges.containsKey("routing"),
        "the sources were not read: " + edges.keySet());
    Optional<List<String>> cycle = cycle(edges);
    assertTrue(cycle.isEmpty(), () -> "package cycle: " + String.join(" -> ", cycle.get()));
  }

  @Test
  void theCycleSearchReportsTheCyclePath() {
    Map<String, Set<String>> edges = new TreeMap<>(Map.of(
        "app", Set.of("channel"), "channel", Set.of("store"), "store", Set.of("bus", "channel"),
        "bus", Set.of()));
    assertEquals(List.of("channel", "store", "channel"), cycle(edges).orElseThrow());
    edges.put("store", Set.of("bus"));
    assertTrue(cycle(edges).isEmpty());
  }

  /** Package → packages it uses; with {@code topLevel}, subpackages count as their top-level package. */
  private static Map<String, Set<String>> packageGraph(boolean topLevel) {
    Map<String, Set<String>> edges = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
        String source = read(file);
        Matcher declared = PACKAGE.matcher(source);
        if (!declared.find()) {
          return;
        }
        String from = name(declared.group(1), topLevel);
        Set<String> targets = edges.computeIfAbsent(from, key -> new TreeSet<>());
        Matcher used = REFERENCE.matcher(COMMENTS.matcher(source).replaceAll(""));
        while (used.find()) {
          String to = name(used.group(1), topLevel);
          if (!to.equals(from)) {
            targets.add(to);
          }
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return edges;
  }

  private static String name(String suffix, boolean topLevel) {
    if (suffix.isEmpty()) {
      return ROOT;
    }
    String name = suffix.substring(1);
    return topLevel && name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first cycle a depth-first walk meets, as a path that starts and ends on the same package. */
  private static Optional<List<String>> cycle(Map<String, Set<String>> edges) {
    Set<String> done = new TreeSet<>();
    for (String start : edges.keySet()) {
      Optional<List<String>> found = walk(start, edges, new ArrayList<>(), done);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<List<String>> walk(String node, Map<String, Set<String>> edges, List<String> path,
      Set<String> done) {
    int seen = path.indexOf(node);
    if (seen >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
      cycle.add(node);
      return Optional.of(cycle);
    }
    if (done.contains(node)) {
      return Optional.empty();
    }
    path.add(node);
    for (String next : edges.getOrDefault(node, Set.of())) {
      Optional<List<String>> found = walk(next, edges, path, done);
      if (found.isPresent()) {
        return found;
      }
    }
    path.remove(path.size() - 1);
    done.add(node);
    return Optional.empty();
  }
}
