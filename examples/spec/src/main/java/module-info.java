/** Examples that use hako's OCI spec library alone: edit and validate a bundle's {@code config.json}. */
module io.hako.examples.spec {
    requires io.hako.oci;

    exports io.hako.examples.spec;
}
