package dev.ogem.api;

import java.util.List;

/** Null-safe list copies for the compact constructors of this package's records. */
final class Lists {

    private Lists() {
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
