/**
 * The OCI runtime-spec v1.3 model: the container configuration, the state and the features documents as
 * immutable records, their JSON binding, validation with JSON-pointer error paths, and default spec
 * generation.
 */
module io.hako.oci {
    requires tools.jackson.core;

    exports io.hako.oci;
    exports io.hako.oci.config;
    exports io.hako.oci.state;
    exports io.hako.oci.features;
}
