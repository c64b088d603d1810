package dev.ogem.server.logging;

import java.io.PrintWriter;
import java.io.StringWriter;

/** An exception with its stack trace and causes, as {@link Throwable#printStackTrace()} writes it. */
final class Traces {

    private Traces() {
    }

    static String of(Throwable thrown) {
        StringWriter trace = new StringWriter();
        try (PrintWriter writer = new PrintWriter(trace)) {
            thrown.printStackTrace(writer);
        }
        return trace.toString().stripTrailing();
    }
}
