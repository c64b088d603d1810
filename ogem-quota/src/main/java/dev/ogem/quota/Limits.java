package dev.ogem.quota;

/**
 * The limits of one bucket over any 60-second window.
 *
 * @param rpm requests per minute, {@code 0} for unlimited
 * @param tpm tokens per minute, {@code 0} for unlimited
 */
public record Limits(long rpm, long tpm) {
    /** No limit at all. */
    public static final Limits UNLIMITED = new Limits(0, 0);

    /**
     * Checks that neither limit is negative.
     */
    public Limits {
        if (rpm < 0 || tpm < 0) {
            throw new IllegalArgumentException("limits must not be negative: rpm=" + rpm + ", tpm=" + tpm);
        }
    }

    /**
     * Whether neither requests nor tokens are limited.
     *
     * @return {@code true} when both limits are {@code 0}
     */
    public boolean unlimited() {
        return rpm == 0 && tpm == 0;
    }
}
