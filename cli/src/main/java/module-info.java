/** The runc-compatible command line: argument parsing, output formats, logging and exit codes. */
module io.hako.cli {
    requires io.hako.container;
}
