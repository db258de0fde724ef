/**
 * The runc-compatible command line: argument parsing, output formats, logging and exit codes. Its API is
 * {@link io.hako.cli.Main} (run one {@link io.hako.cli.Invocation} in-process) and the {@code hako} launcher;
 * everything else is internal.
 */
module io.hako.cli {
    requires io.hako.container;
    // checkpoint and restore (CRIU); its protobuf is loaded only by those commands.
    requires io.hako.checkpoint;
    requires io.hako.oci;
    // The resident hako's socket: SOCK_SEQPACKET with descriptors and peer credentials.
    requires io.hako.sys;
    // sun.misc.Signal: run forwards the signals it gets to the container.
    requires jdk.unsupported;

    exports io.hako.cli;
}
