package dev.ogem.server.reload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The watch of a file's directory: it returns once the watcher has registered with the file system, so an edit
 * made right after is seen (before, the first run of Helidon's watcher could come after it and miss it); an edit of
 * another file in the directory is no change.
 */
class FileWatchTest {

    @Test
    void anEditRightAfterTheWatchStartsIsSeen(@TempDir Path directory) throws Exception {
        for (int round = 0; round < 5; round++) {
            Path file = Files.writeString(directory.resolve("ogem-" + round + ".yaml"), "first");
            AtomicInteger runs = new AtomicInteger();
            try (FileWatch.Watcher watch = FileWatch.watch(file, runs::incrementAndGet)) {
                Files.writeString(file, "second");
                assertTrue(eventually(() -> runs.get() > 0), "the edit right after the start was not seen");
            }
        }
    }

    @Test
    void anEditOfAnotherFileInTheDirectoryIsNotAChange(@TempDir Path directory) throws Exception {
        Path file = Files.writeString(directory.resolve("ogem.yaml"), "first");
        AtomicInteger runs = new AtomicInteger();
        try (FileWatch.Watcher watch = FileWatch.watch(file, runs::incrementAndGet)) {
            Files.writeString(directory.resolve("other.txt"), "noise");
            Files.writeString(file, "second");
            assertTrue(eventually(() -> runs.get() > 0), "the edit was not seen");
            Thread.sleep(1_000); // several of the watcher's 200 ms polls
            int seen = runs.get();
            Files.writeString(directory.resolve("other.txt"), "more noise");
            Thread.sleep(1_000);
            assertEquals(seen, runs.get(), "a change of another file ran the action");
        }
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
