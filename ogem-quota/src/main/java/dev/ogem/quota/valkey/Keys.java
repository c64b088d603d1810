package dev.ogem.quota.valkey;

import dev.ogem.quota.Bucket;

/**
 * The Valkey key layout; every key starts with {@code ogem:}. The two keys of a bucket share a hash
 * tag ({@code {…}}) so they live in one slot on a cluster, as a script touching both needs.
 */
final class Keys {
    static final String PREFIX = "ogem:";

    private Keys() {
    }

    /** ZSET of a bucket's window: member reservation id, score admission time in ms. */
    static String rateLog(Bucket bucket) {
        return PREFIX + "rate:{" + tag(bucket) + "}:log";
    }

    /** HASH of a bucket's window: reservation id to tokens, plus {@code _sum}. */
    static String rateTokens(Bucket bucket) {
        return PREFIX + "rate:{" + tag(bucket) + "}:tok";
    }

    /** STRING holding a cooldown deadline in epoch ms, expiring with it. */
    static String cooldown(String key) {
        return PREFIX + "cool:" + key;
    }

    /** STRING holding a cached response, expiring with its time to live. */
    static String cache(String key) {
        return PREFIX + "cache:" + key;
    }

    private static String tag(Bucket bucket) {
        return escape(bucket.provider()) + "/" + escape(bucket.region()) + "/" + escape(bucket.rateKey());
    }

    /** Keeps the parts apart and the hash tag intact whatever characters the config uses. */
    private static String escape(String part) {
        StringBuilder out = new StringBuilder(part.length());
        for (char c : part.toCharArray()) {
            switch (c) {
                case '%' -> out.append("%25");
                case '/' -> out.append("%2F");
                case '{' -> out.append("%7B");
                case '}' -> out.append("%7D");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
