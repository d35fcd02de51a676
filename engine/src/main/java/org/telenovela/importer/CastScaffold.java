package org.telenovela.importer;

import org.telenovela.corpus.TrainingText;
import org.telenovela.AtomicFile;
import org.telenovela.InvalidInputException;
import org.telenovela.corpus.Corpus;
import org.telenovela.corpus.Screenplay;
import org.telenovela.plot.PlotTemplate;
import org.telenovela.training.CastTrainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A cast scaffolded from an imported corpus: the characters with enough text of their own (the same measure and
 * minimum the trainer uses, {@code min-character-chars} on the training split), cast into the plot's roles with
 * the most lines first, a narrator-like cue ({@code ... NARRATOR}, {@code NARRADOR}, {@code NARRADORA}) in the plot's
 * narrator role. Unattributed lines never become a character.
 */
public final class CastScaffold {

    /** A speaker of the corpus: lines in all scenes, characters of own lines in the training split. */
    public record Speaker(String cue, int lines, long trainingChars) {
    }

    /** Who plays a role: a new character id (its folder under the characters folder) and its speaker. */
    public record Member(String role, String id, Speaker speaker) {
    }

    /** A speaker that got no role, and why. */
    public record Skipped(String cue, String reason) {
    }

    public record Plan(PlotTemplate plot, int minChars, List<Member> cast, List<Skipped> skipped) {
    }

    private CastScaffold() {
    }

    /** Speakers of the corpus, most lines first; unattributed lines are counted separately, never as a speaker. */
    public static List<Speaker> speakers(Corpus corpus) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (Screenplay.Scene s : corpus.allScenes()) {
            for (Screenplay.Line l : s.lines()) {
                if (l.attributed()) {
                    lines.merge(l.cue(), 1, Integer::sum);
                }
            }
        }
        List<Speaker> out = new ArrayList<>();
        lines.forEach((cue, n) -> out.add(new Speaker(cue, n, TrainingText.ownChars(corpus.training(), cue))));
        out.sort(Comparator.comparingInt(Speaker::lines).reversed().thenComparing(Comparator.comparingLong(Speaker::trainingChars).reversed())
                .thenComparing(Speaker::cue));
        return out;
    }

    public static Plan plan(Corpus corpus, PlotTemplate plot, int minChars) {
        List<Speaker> eligible = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Speaker s : speakers(corpus)) {
            if (s.trainingChars() < minChars) {
                skipped.add(new Skipped(s.cue(), s.trainingChars() + " characters of own lines in the training split, fewer than "
                        + minChars + " (min-character-chars)"));
            } else {
                eligible.add(s);
            }
        }
        long unattributed = corpus.allScenes().stream().flatMap(s -> s.lines().stream()).filter(l -> !l.attributed()).count();
        if (unattributed > 0) {
            skipped.add(new Skipped(Screenplay.UNATTRIBUTED, unattributed + " lines without a speaker: they train the base model only"));
        }
        Map<String, Speaker> byRole = new LinkedHashMap<>();
        List<Speaker> left = new ArrayList<>(eligible);
        if (plot.narrator() != null) {
            left.stream().filter(s -> Cues.narratorLike(s.cue())).findFirst().ifPresent(n -> {
                byRole.put(plot.narrator(), n);
                left.remove(n);
            });
        }
        for (String role : plot.roles()) {
            if (!byRole.containsKey(role) && !left.isEmpty()) {
                byRole.put(role, left.remove(0));
            }
        }
        if (byRole.size() < plot.roles().size()) {
            throw InvalidInputException.at(corpus.folder().toString(), "plot '" + plot.title() + "' has " + plot.roles().size()
                    + " roles " + plot.roles() + " but only " + eligible.size() + " characters have at least " + minChars
                    + " characters of own lines" + list(eligible) + describe(skipped)
                    + "; import more text, lower --min-chars, or choose a plot with fewer roles");
        }
        for (Speaker s : left) {
            skipped.add(new Skipped(s.cue(), "no role left in plot '" + plot.title() + "' (" + plot.roles().size() + " roles)"));
        }
        List<Member> cast = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String role : plot.roles()) {
            Speaker s = byRole.get(role);
            cast.add(new Member(role, uniqueId(s.cue(), ids), s));
        }
        return new Plan(plot, minChars, List.copyOf(cast), List.copyOf(skipped));
    }

    private static String list(List<Speaker> speakers) {
        if (speakers.isEmpty()) {
            return "";
        }
        return ": " + String.join(", ", speakers.stream().map(s -> s.cue() + " (" + s.trainingChars() + ")").toList());
    }

    private static String describe(List<Skipped> skipped) {
        return skipped.isEmpty() ? "" : "; skipped: " + String.join("; ", skipped.stream().map(s -> s.cue() + ": " + s.reason()).toList());
    }

    /** {@code DOÑA LUCHA} -> {@code dona-lucha}; a second one gets {@code -2}. */
    static String uniqueId(String cue, Set<String> taken) {
        String base = Normalizer.normalize(cue.toLowerCase(Locale.ROOT), Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (base.isEmpty() || base.equals(CastTrainer.BASE) || base.equals("corpus")) {
            base = "character-" + (base.isEmpty() ? "x" : base);
        }
        String id = base;
        for (int n = 2; !taken.add(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    /** {@code DOÑA LUCHA} -> {@code Doña Lucha}; particles stay lower case ({@code María de la Luz}). */
    static String displayName(String cue) {
        StringBuilder sb = new StringBuilder();
        for (String w : cue.toLowerCase(Locale.ROOT).split(" ")) {
            if (w.isEmpty()) {
                continue;
            }
            boolean particle = sb.length() > 0 && Set.of("de", "del", "la", "las", "los", "el", "y", "e", "da", "di", "van", "von", "of", "the").contains(w);
            sb.append(sb.length() == 0 ? "" : " ").append(particle ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1));
        }
        return sb.toString();
    }

    /** The files a plan writes: one character sheet per member, then the cast file. */
    public static List<Path> files(Plan plan, Path castFile, Path characters) {
        List<Path> out = new ArrayList<>();
        for (Member m : plan.cast()) {
            out.add(characters.resolve(m.id()).resolve("character.yaml"));
        }
        out.add(castFile);
        return out;
    }

    /**
     * Writes the character sheets and the cast file (each atomically, the cast file last). Refuses, before writing
     * anything, to overwrite an existing file unless {@code force}.
     */
    public static void write(Plan plan, Path corpus, Path castFile, Path characters, Path plotFile, String title, long seed,
                             boolean force) throws IOException {
        List<String> existing = files(plan, castFile, characters).stream().filter(Files::exists).map(Path::toString).toList();
        if (!existing.isEmpty() && !force) {
            throw InvalidInputException.at(existing.get(0), "already exists" + (existing.size() > 1 ? " (and " + (existing.size() - 1)
                    + " more of the files to write)" : "") + "; use --force to overwrite");
        }
        for (Member m : plan.cast()) {
            Speaker s = m.speaker();
            String sheet = "# Scaffolded by 'telenovela new-cast' from " + corpus + "\n"
                    + "name: " + quote(displayName(s.cue())) + "\n"
                    + "cue: " + quote(s.cue()) + "\n"
                    + "roles: [" + m.role() + "]\n"
                    + "voice: " + quote("Imported: " + s.lines() + " lines, " + s.trainingChars()
                    + " characters of own lines for training. Describe the voice here.") + "\n"
                    + "relationships: {}\n";
            AtomicFile.write(characters.resolve(m.id()).resolve("character.yaml"), sheet);
        }
        Path dir = castFile.toAbsolutePath().getParent();
        StringBuilder cast = new StringBuilder();
        cast.append("# Scaffolded by 'telenovela new-cast' from ").append(corpus).append(". Train it, then play it:\n")
                .append("#   telenovela train --corpus ").append(corpus).append(" --cast ").append(castFile).append('\n')
                .append("#   telenovela run ").append(castFile).append('\n')
                .append("title: ").append(quote(title)).append('\n')
                .append("plot: ").append(quote(relative(dir, plotFile))).append('\n')
                .append("characters: ").append(quote(relative(dir, characters))).append('\n')
                .append("seed: ").append(seed).append('\n')
                .append("cast:\n");
        for (Member m : plan.cast()) {
            cast.append("  - character: ").append(m.id()).append('\n')
                    .append("    role: ").append(m.role()).append('\n');
        }
        AtomicFile.write(castFile, cast.toString());
    }

    private static String relative(Path dir, Path target) {
        return dir.relativize(target.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** A YAML double-quoted scalar. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c < 0x20 ? String.format("\\x%02X", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }
}
