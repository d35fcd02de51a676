package org.telenovela.scene;


import java.util.List;

/**
 * A finished (or finishing) scene with everything the writers need: who played whom, with which model file,
 * from which seed, directed how.
 *
 * @param castFile   the cast file, relative to the project folder when inside it (see {@link org.telenovela.ProjectHome})
 * @param plotFile   the plot template played, relative to the cast file's folder
 * @param plotSha256 the plot template's SHA-256, so a replay can tell that it changed
 */
public record Episode(String title, String castFile, String plotTitle, String plotFile, String plotSha256, long seed, int maxLines,
                      String policy,
                      Steering director, List<Player> players, SceneResult result) {

    /** A cast member as the output names it; {@code modelSha256} pins the exact model file used. */
    public record Player(String id, String role, String cue, String name, String modelFile, String modelSha256) {
    }

    public Player player(String id) {
        return players.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }
}
