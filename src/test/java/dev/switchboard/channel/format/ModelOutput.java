package dev.switchboard.channel.format;

/** Markdown as models actually write it, shared by the renderer tests. */
final class ModelOutput {

  static final String ANSWER = """
      ## Fixing the build

      Here's what to do:

      1. Install the **latest** version
      2. Run `pip install -U foo<2`
      - Use *care* with ~~old~~ flags
      * Or read [the docs](https://example.com/a?b=1&c=2)

      > **Note:** this needs Python 3.12 & pip.

      ```python
      def my_func(a, b):
          return a * b  # **not bold** <here>
      ```

      The formula is 2 * 3 * 4 = 24, and 2*x*3 stays; snake_case_names and __init__ too.""";

  private ModelOutput() {
  }
}
