package org.telenovela.cast;

import java.util.List;

/**
 * A cast file as written ({@code config/cast.yaml}). Paths are relative to the cast file itself.
 *
 * @param title      the episode title
 * @param plot       the arc template
 * @param characters folder with one sub-folder per character (default {@code ../characters})
 * @param seed       the episode seed
 * @param maxLines   line budget for the whole scene (optional)
 * @param policy     speaker policy: auto, round-robin, random (optional)
 * @param sampling   default sampling settings for every character (optional, partial)
 * @param cast       who plays which role
 */
public record CastFile(String title, String plot, String characters, Long seed, Integer maxLines, String policy,
                       SamplingOverride sampling, List<Member> cast) {

    /**
     * One cast member.
     *
     * @param character the character id (its folder name under {@code characters})
     * @param role      the role it plays in the plot
     * @param model     its model file (default {@code <characters>/<id>/model.zip})
     * @param sampling  its own sampling settings over the cast's (optional, partial)
     */
    public record Member(String character, String role, String model, SamplingOverride sampling) {
    }

    /** Any subset of the sampling settings; what is left out comes from the level above. */
    public record SamplingOverride(Double temperature, Integer topK, Double topP, Integer maxLength, Integer candidates) {
    }
}
