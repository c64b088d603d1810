package dev.ogem.server;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Handles an operating-system signal such as {@code TERM} or {@code HUP}. The JDK's only way is
 * {@code sun.misc.Signal} (module {@code jdk.unsupported}); it is reached reflectively, because javac warns
 * about every compile-time use of it and main code builds with warnings as errors.
 */
final class Signals {

    private Signals() {
    }

    /**
     * Runs an action, on a thread of the JVM's, each time the process receives a signal.
     *
     * @param name   the signal's name without {@code SIG}, such as {@code TERM}
     * @param action what to do
     * @throws IllegalStateException when this JVM cannot handle the signal
     */
    static void on(String name, Runnable action) {
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
            handle.invoke(null, signal.getConstructor(String.class).newInstance(name), onSignal);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException target ? target.getCause() : e;
            throw new IllegalStateException("cannot handle SIG" + name + ": " + cause, cause);
        }
    }
}
