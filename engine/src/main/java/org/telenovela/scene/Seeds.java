package org.telenovela.scene;

/**
 * Derives independent seeds from (episode seed, purpose, number), so a turn's randomness depends only on the
 * episode seed and the turn number, never on what happened before it inside an actor.
 */
public final class Seeds {
    private Seeds() {
    }

    public static long derive(long seed, long purpose, long n) {
        return mix(mix(mix(seed) ^ purpose) ^ n);
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public static final long SAMPLING = 1;
    public static final long SPEAKER = 2;
    public static final long BEAT_LENGTH = 3;
    public static final long EPISODE = 4;
}
