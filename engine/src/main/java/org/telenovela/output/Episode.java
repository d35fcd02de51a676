package org.telenovela.output;

import org.telenovela.scene.Director;
import org.telenovela.scene.SceneResult;

import java.util.List;

/**
 * A finished (or finishing) scene with everything the writers need: who played whom, with which model file,
 * from which seed, directed how.
 */
public record Episode(String title, String castFile, String plotTitle, String plotFile, long seed, int maxLines, String policy,
                      Director.Steering director, List<Player> players, SceneResult result) {

    /** A cast member as the output names it; {@code modelSha256} pins the exact model file used. */
    public record Player(String id, String role, String cue, String name, String modelFile, String modelSha256) {
    }

    public Player player(String id) {
        return players.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }
}
