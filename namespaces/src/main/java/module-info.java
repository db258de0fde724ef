/** Linux namespaces: kinds and their order, join-or-create decisions, user-namespace id mappings. */
module io.hako.namespaces {
    requires transitive io.hako.oci;
    requires io.hako.sys;

    exports io.hako.namespaces;
}
