/**
 * Checkpoint and restore of hako's containers through CRIU: a running container dumped to image files, and
 * restored from them into a new container, as runc's {@code checkpoint} and {@code restore}. CRIU is driven through
 * its RPC ({@code criu swrk}, protobuf messages over a socket pair); this module is apart from
 * {@code io.hako.container} so that protobuf goes only to those who checkpoint.
 */
module io.hako.checkpoint {
    requires transitive io.hako.container;
    requires com.google.protobuf;
    requires tools.jackson.core;

    exports io.hako.checkpoint;
}
