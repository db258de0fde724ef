package io.hako.cli.command;

import java.io.InputStream;
import java.io.PrintStream;

/** The caller's standard streams, the output ones as UTF-8 text. */
record Streams(InputStream in, PrintStream out, PrintStream err) {
}
