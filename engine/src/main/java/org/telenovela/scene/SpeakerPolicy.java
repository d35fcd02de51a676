package org.telenovela.scene;

import java.util.Set;
import java.util.LinkedHashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Picks who speaks next among the roles on stage.
 *
 * <ul>
 *   <li>{@code auto}: whoever the last line addressed by name speaks next; nobody speaks more than twice in a
 *   row; otherwise the role that has spoken least in this beat, relative to its weight, ties broken by the seed.
 *   It never stalls: when nobody fits it says why and falls back to the least-heard role.</li>
 *   <li>{@code round-robin}: the stage roles in order.</li>
 *   <li>{@code random}: any stage role but the last speaker.</li>
 * </ul>
 */
public final class SpeakerPolicy {
    public enum Mode {
        AUTO, ROUND_ROBIN, RANDOM;

        public static Mode parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** The pick, and why (shown in step-through mode and the JSON log). */
    public record Choice(String role, String reason) {
    }

    /** One line spoken so far in the beat. */
    public record Spoken(String role, String text) {
    }

    private final Mode mode;
    private final Map<String, List<String>> namesByRole;

    /** @param namesByRole the words that address each role's character (first name, cue, ...), lower-case */
    public SpeakerPolicy(Mode mode, Map<String, List<String>> namesByRole) {
        this.mode = mode;
        this.namesByRole = namesByRole;
    }

    /**
     * @param stage    roles that may speak now, in beat order (the narrator is left out by the caller
     *                 unless it is alone)
     * @param weights  per-role weight (missing = 1)
     * @param beatSoFar lines already spoken in this beat, oldest first
     */
    public Choice next(List<String> stage, Map<String, Double> weights, List<Spoken> beatSoFar, SplittableRandom random) {
        if (stage.isEmpty()) {
            throw new IllegalArgumentException("nobody on stage");
        }
        if (stage.size() == 1) {
            return new Choice(stage.get(0), "alone on stage");
        }
        String last = beatSoFar.isEmpty() ? null : beatSoFar.get(beatSoFar.size() - 1).role();
        switch (mode) {
            case ROUND_ROBIN -> {
                int i = last == null ? -1 : stage.indexOf(last);
                return new Choice(stage.get((i + 1) % stage.size()), "round-robin");
            }
            case RANDOM -> {
                List<String> others = new ArrayList<>(stage);
                others.remove(last);
                return new Choice(others.get(random.nextInt(others.size())), "random");
            }
            default -> {
                return auto(stage, weights, beatSoFar, last, random);
            }
        }
    }

    private Choice auto(List<String> stage, Map<String, Double> weights, List<Spoken> beatSoFar, String last, SplittableRandom random) {
        boolean twiceInARow = beatSoFar.size() >= 2 && last != null
                && last.equals(beatSoFar.get(beatSoFar.size() - 2).role());
        List<String> allowed = new ArrayList<>(stage);
        if (twiceInARow) {
            allowed.remove(last);
        }
        if (last != null) {
            String said = beatSoFar.get(beatSoFar.size() - 1).text().toLowerCase(Locale.ROOT);
            for (String role : allowed) {
                if (role.equals(last)) {
                    continue;
                }
                for (String name : namesByRole.getOrDefault(role, List.of())) {
                    if (Pattern.compile("(^|[^\\p{L}])" + Pattern.quote(name) + "($|[^\\p{L}])").matcher(said).find()) {
                        return new Choice(role, "addressed by name ('" + name + "')");
                    }
                }
            }
        }
        // balance: least spoken relative to weight; the last speaker only if nobody else is on stage
        List<String> pool = new ArrayList<>(allowed);
        if (last != null && pool.size() > 1) {
            pool.remove(last);
        }
        double best = Double.MAX_VALUE;
        List<String> tied = new ArrayList<>();
        for (String role : pool) {
            long spoken = beatSoFar.stream().filter(s -> s.role().equals(role)).count();
            double load = spoken / weights.getOrDefault(role, 1.0);
            if (load < best - 1e-9) {
                best = load;
                tied.clear();
            }
            if (Math.abs(load - best) <= 1e-9) {
                tied.add(role);
            }
        }
        if (tied.isEmpty()) {
            return new Choice(stage.get(0), "nobody fits the rules; falling back to the first role on stage");
        }
        return new Choice(tied.get(random.nextInt(tied.size())), twiceInARow ? "balance (no third line in a row)" : "balance");
    }

    /** The words that address a character: its first name, its cue, its cue's last word. */
    static List<String> addressNames(String displayName, String cue) {
        Set<String> n = new LinkedHashSet<>();
        n.add(displayName.split(" ")[0].toLowerCase(Locale.ROOT));
        n.add(cue.toLowerCase(Locale.ROOT));
        String[] words = cue.toLowerCase(Locale.ROOT).split(" ");
        n.add(words[words.length - 1]);
        n.removeIf(s -> s.length() < 3);
        return List.copyOf(n);
    }
}
