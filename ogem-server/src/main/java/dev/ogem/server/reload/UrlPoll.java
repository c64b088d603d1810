package dev.ogem.server.reload;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Reloads a config served from a URL by asking for it every {@code CONFIG_POLL_INTERVAL}, on a virtual thread;
 * the request carries the validators of the document seen last, so a server that offers them answers
 * {@code 304 Not Modified} with no body while nothing changed.
 */
public final class UrlPoll implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UrlPoll.class.getName());

    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    private UrlPoll(Duration interval, Generations generations) {
        this.thread = Thread.ofVirtual().name("ogem-config-poll").start(() -> run(interval, generations));
    }

    /**
     * Starts polling.
     *
     * @param interval    the wait between two requests
     * @param generations what to reload
     * @return the running poll
     */
    public static UrlPoll start(Duration interval, Generations generations) {
        return new UrlPoll(interval, generations);
    }

    private void run(Duration interval, Generations generations) {
        try {
            while (!stop.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    generations.reload("poll", false);
                } catch (RuntimeException e) {
                    LOG.warning(() -> "Config poll failed: " + e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
