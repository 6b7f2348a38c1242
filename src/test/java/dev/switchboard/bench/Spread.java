package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.DoubleFunction;

/** Several measurements of one figure: its median and the range seen, to print as "median (min–max)". */
final class Spread {

  private final List<Double> values = new ArrayList<>();

  void add(double value) {
    values.add(value);
  }

  int size() {
    return values.size();
  }

  double get(int index) {
    return values.get(index);
  }

  double median() {
    List<Double> sorted = sorted();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  double min() {
    return sorted().get(0);
  }

  double max() {
    return sorted().get(values.size() - 1);
  }

  /** "median (min–max)" with each value formatted by {@code format}. */
  String format(DoubleFunction<String> format) {
    return format.apply(median()) + " (" + format.apply(min()) + "–" + format.apply(max()) + ")";
  }

  private List<Double> sorted() {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted;
  }
}
