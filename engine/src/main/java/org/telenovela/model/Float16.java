package org.telenovela.model;

/**
 * IEEE 754 binary16 ("half precision") conversions, as Java 20's {@code Float.floatToFloat16} and
 * {@code Float.float16ToFloat} do them (this project runs on Java 17): a float rounds to the nearest half, ties to the
 * even one; a half widens to the float of exactly its value.
 *
 * <p>Why: a shipped model file stores its weights as halves, which halves its size (a 1x384 over 3,121 pieces: 10.9
 * -> 5.5 MB) and what a scene's start has to read. A half keeps 11 significant bits, a relative error of at most
 * 2^-11 per weight; the held-out figures move by less than 0.001 bits/char (README, Quality). Training and its
 * checkpoints stay in float32.
 */
final class Float16 {
    private Float16() {
    }

    /**
     * The float of exactly the half with these bits: plain arithmetic, so a model's millions of weights convert fast
     * even before the JIT has compiled this (a table of all 65,536 halves, built by as many interpreted calls on every
     * cold start, had been most of the first models' 0.1 s of conversion, measured with phase timestamps).
     */
    static float toFloat(short half) {
        int sign = (half & 0x8000) << 16;
        int exponent = (half >>> 10) & 0x1f;
        int mantissa = half & 0x3ff;
        if (exponent == 0x1f) { // infinity, or NaN with its payload kept
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) { // zero or subnormal: mantissa x 2^-24, exact in a float
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        // normal: the bits moved into place, the exponent rebiased (127 - 15 = 112)
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** The half nearest to {@code f} (ties to the even half); beyond the largest half, infinity; NaN stays NaN. */
    static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int magnitude = bits & 0x7fffffff;
        if (magnitude >= 0x7f800000) { // infinity or NaN (a NaN keeps the top of its payload and stays a NaN)
            int payload = (magnitude & 0x7fffff) >>> 13;
            return (short) (sign | 0x7c00 | (magnitude > 0x7f800000 ? Math.max(payload, 1) | 0x200 : 0));
        }
        if (magnitude >= 0x477ff000) { // 65520 and above round to infinity
            return (short) (sign | 0x7c00);
        }
        if (magnitude < 0x38800000) { // below 2^-14: a subnormal half, in units of 2^-24, or zero
            // the float's value in units of 2^-24 (scaling by a power of two is exact), rounded to the nearest
            // integer, ties to even
            float units = Float.intBitsToFloat(magnitude) * 0x1p24f;
            return (short) (sign | (int) Math.rint(units));
        }
        // normal: keep 10 of the 23 mantissa bits, round to nearest, ties to even (a carry may raise the exponent,
        // which is still right: it gives the next power of two, or infinity from the largest finite half)
        int rebiased = magnitude - (112 << 23);
        int keep = rebiased >>> 13;
        int rest = rebiased & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (keep & 1) == 1)) {
            keep++;
        }
        return (short) (sign | keep);
    }

    /** {@code f} rounded to the nearest half and back: what a model file stores of a weight. */
    static float round(float f) {
        return toFloat(fromFloat(f));
    }
}
