package org.telenovela.model;

/**
 * A snapshot of the hidden state ("what the character has heard"); empty means it has heard nothing.
 * Two snapshots are equal when every hidden and cell value is.
 */
public final class LstmState {
    private final LstmInference.Stream stream;

    LstmState(LstmInference.Stream stream) {
        this.stream = stream;
    }

    LstmInference.Stream stream() {
        return stream;
    }

    public boolean isEmpty() {
        return stream == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LstmState other && (stream == null ? other.stream == null
                : other.stream != null && stream.sameAs(other.stream));
    }

    @Override
    public int hashCode() {
        return stream == null ? 0 : java.util.Arrays.deepHashCode(stream.h);
    }
}
