module consumer.spec {
    requires io.hako.oci;
}
