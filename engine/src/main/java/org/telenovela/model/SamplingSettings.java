package org.telenovela.model;

/**
 * How to draw a line from a character's LSTM.
 *
 * @param temperature divides the logits; below 1 is more conservative
 * @param topK        keep only the k likeliest characters (0 = off)
 * @param topP        keep the smallest set whose probability reaches p (1 = off)
 * @param maxLength   longest line in characters; a longer one is cut and marked
 * @param candidates  lines sampled at once, as one minibatch, for the director to choose from
 */
public record SamplingSettings(double temperature, int topK, double topP, int maxLength, int candidates) {
    public static final SamplingSettings DEFAULT = new SamplingSettings(0.45, 0, 0.95, 220, 8);

    public SamplingSettings {
        require(temperature > 0 && temperature <= 5, "temperature must be in (0, 5], got " + temperature);
        require(topK >= 0, "topK must be >= 0, got " + topK);
        require(topP > 0 && topP <= 1, "topP must be in (0, 1], got " + topP);
        require(maxLength >= 1 && maxLength <= 2000, "maxLength must be 1..2000, got " + maxLength);
        require(candidates >= 1 && candidates <= 64, "candidates must be 1..64, got " + candidates);
    }

    public SamplingSettings withTemperature(double t) {
        return new SamplingSettings(t, topK, topP, maxLength, candidates);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
