package dev.ogem.providers.http;

import dev.ogem.api.ProviderException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A plain answer's body, read at most a bound far: a declared {@code Content-Length} above it is refused
 * before a byte is read, and a body that goes on past it stops the read. Either way the answer is a
 * {@code BAD_RESPONSE} naming the limit, and the caller's close of the response drops the connection
 * (a body not read to its end is never reused).
 */
final class AnswerBody extends FilterInputStream {

    private final long limit;
    private long read;

    private AnswerBody(InputStream body, long limit) {
        super(body);
        this.limit = limit;
    }

    /**
     * The body, bounded.
     *
     * @param body          the response body
     * @param contentLength the declared length, or -1
     * @param limit         the most bytes read
     * @return the bounded body
     * @throws ProviderException when the declared length is above the limit
     */
    static InputStream of(InputStream body, long contentLength, long limit) {
        if (contentLength > limit) {
            throw tooLarge(limit);
        }
        return new AnswerBody(body, limit);
    }

    /**
     * The error of a body past its bound.
     *
     * @param limit the bound
     * @return the error
     */
    static ProviderException tooLarge(long limit) {
        return ProviderException.of(ProviderException.Kind.BAD_RESPONSE,
                "The upstream's answer is larger than the limit of " + limit + " bytes.");
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, (int) Math.min(length, limit - read + 1));
        count(n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, limit - read + 1));
        count(skipped);
        return skipped;
    }

    private void count(long n) throws IOException {
        if (n > 0) {
            read += n;
            if (read > limit) {
                throw new TooLarge(limit);
            }
        }
    }

    /** The body went past its bound: thrown as an I/O error through the JSON parser, then reported. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("The upstream's answer is larger than the limit of " + limit + " bytes.", null);
        }
    }
}
