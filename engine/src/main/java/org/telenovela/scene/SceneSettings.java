package org.telenovela.scene;

import java.time.Duration;

/**
 * How the director works this scene.
 *
 * @param stepped when true, a person drives the scene: a turn is only taken after an {@link Director.Advance}
 */
public record SceneSettings(long seed, int maxLines, SpeakerPolicy.Mode policy, Duration askTimeout, FaultInjection faults,
                            boolean stepped, Steering steering) {
    public SceneSettings(long seed, int maxLines, SpeakerPolicy.Mode policy, Duration askTimeout, FaultInjection faults) {
        this(seed, maxLines, policy, askTimeout, faults, false, Steering.DEFAULT);
    }
}
