package io.hako.checkpoint;

/**
 * Whether checkpoint and restore work on this host: what CRIU's own check ({@code criu check}, asked through its
 * RPC) answers.
 *
 * @param works whether the check passed
 * @param version CRIU's version ({@code 3.17.1}), empty when CRIU could not be run
 * @param reason why it does not work, in CRIU's words where it gave some; empty when it works
 */
public record CriuCheck(boolean works, String version, String reason) {
    /** {@return one line: {@code 3.17.1: works}, or the version and the reason} */
    public String summary() {
        String name = version.isEmpty() ? "criu" : version;
        return works ? name + ": works" : name + ": does not work: " + reason;
    }
}
