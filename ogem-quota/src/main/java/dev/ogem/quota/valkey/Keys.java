package dev.ogem.quota.valkey;

import dev.ogem.quota.Bucket;

/**
 * The Valkey key layout; every key starts with {@code ogem:}.
 *
 * <p>On a Valkey Cluster every key a script touches must hash to one slot. The two keys of a bucket share
 * a hash tag ({@code {…}}, the escaped bucket), so every script on a bucket runs on the one node that
 * owns it, and buckets spread over the cluster. Cooldown keys carry no tag of a bucket: an endpoint's
 * circuit cooldown is shared by all buckets of the endpoint, and the store cannot know which buckets
 * those are, so a cooldown key hashes on its whole name and usually lands in another slot than the
 * bucket that checks it. An admission therefore sends the cooldown keys of the bucket's slot with the
 * reservation script (all of them off a cluster, where there are no slots) and reads the others with
 * their own calls sent at the same time, so it still waits for one round trip; when one of those says
 * the endpoint cools down after the bucket admitted, the admission is taken back ({@code unreserve.lua})
 * before the caller hears of it. No key was renamed for this: the layout is the one single servers had.
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
