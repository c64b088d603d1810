package dev.ogem.server;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.logging.Logger;

/**
 * Handles an operating-system signal such as {@code TERM} or {@code HUP}. The JDK's only way is
 * {@code sun.misc.Signal} (module {@code jdk.unsupported}); it is reached reflectively, because javac warns
 * about every compile-time use of it and main code builds with warnings as errors.
 */
final class Signals {
    private static final Logger LOG = Logger.getLogger(Signals.class.getName());

    private Signals() {
    }

    /**
     * Runs an action, on a thread of the JVM's, each time the process receives a signal. A signal the process
     * was started with ignored (as {@code nohup} does with HUP) cannot be handled: the JVM keeps ignoring it,
     * and a WARNING says what is lost.
     *
     * @param name    the signal's name without {@code SIG}, such as {@code TERM}
     * @param purpose what the action does, for that warning, such as {@code reload the config}
     * @param action  what to do
     * @throws IllegalStateException when this JVM cannot handle the signal
     */
    static void on(String name, String purpose, Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object onSignal = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handler},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            action.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "SIG" + name + " handler";
                    });
            Method handle = signal.getMethod("handle", signal, handler);
            Object previous = handle.invoke(null, signal.getConstructor(String.class).newInstance(name), onSignal);
            if (previous == handler.getField("SIG_IGN").get(null)) {
                LOG.warning(() -> "SIG" + name + " was ignored when ogem started (as under nohup) and stays ignored:"
                        + " it will not " + purpose);
            }
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException target ? target.getCause() : e;
            throw new IllegalStateException("cannot handle SIG" + name + ": " + cause, cause);
        }
    }
}
