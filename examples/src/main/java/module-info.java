/** Small programs that use one hako module alone. */
module io.hako.examples {
    requires io.hako.oci;
}
