/** An example that runs a container from Java with hako's container builder. */
module io.hako.examples.run {
    requires io.hako.container;

    exports io.hako.examples.run;
}
