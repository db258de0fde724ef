/** Linux namespaces: kinds and their order, join-or-create decisions, user-namespace id mappings. */
module io.hako.namespaces {
    requires io.hako.sys;
    requires transitive io.hako.oci;
}
