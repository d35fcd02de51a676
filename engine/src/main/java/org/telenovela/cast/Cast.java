package org.telenovela.cast;

import org.telenovela.InvalidInputException;
import org.telenovela.model.SamplingSettings;
import org.telenovela.plot.PlotTemplate;
import org.telenovela.yaml.StrictYaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A cast file resolved and validated as a whole: the plot is loaded, every role is cast exactly once, every
 * character has a sheet and a model file. Nothing starts until this succeeds.
 */
public record Cast(Path file, String title, PlotTemplate plot, Path plotFile, Path characters, long seed, int maxLines,
                   String policy, List<Member> members) {

    public static final int DEFAULT_MAX_LINES = 120;
    public static final List<String> POLICIES = List.of("auto", "round-robin", "random");

    /** A resolved cast member. */
    public record Member(String id, CharacterSheet sheet, String role, Path model, SamplingSettings sampling) {
        public String cue() {
            return sheet.cue();
        }
    }

    public Member byRole(String role) {
        return members.stream().filter(m -> m.role().equals(role)).findFirst().orElseThrow();
    }

    public Member byId(String id) {
        return members.stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    public Map<String, Member> byRole() {
        Map<String, Member> m = new LinkedHashMap<>();
        members.forEach(x -> m.put(x.role(), x));
        return m;
    }

    public static Cast load(Path file) {
        return load(file, null, true);
    }

    /** A cast about to be trained: everything is checked except that the model files exist. */
    public static Cast loadForTraining(Path file) {
        return load(file, null, false);
    }

    /**
     * @param plotOverride  an arc template to play instead of the cast file's (null: the cast file's)
     * @param requireModels whether every member's model file must exist
     */
    public static Cast load(Path file, Path plotOverride, boolean requireModels) {
        StrictYaml.Parsed<CastFile> parsed = StrictYaml.read(file, CastFile.class);
        CastFile c = parsed.value();
        Path dir = file.toAbsolutePath().getParent();
        if (c.title() == null || c.title().isBlank()) {
            throw parsed.error("/title", "missing or empty 'title'");
        }
        if (c.plot() == null || c.plot().isBlank()) {
            throw parsed.error("/plot", "missing 'plot' (path of an arc template such as ../plots/amor-perdido.yaml)");
        }
        Path plotFile = dir.resolve(c.plot()).normalize();
        if (plotOverride != null) {
            plotFile = plotOverride.toAbsolutePath().normalize();
            if (!Files.isRegularFile(plotFile)) {
                throw InvalidInputException.at(plotOverride.toString(), "plot template not found");
            }
        } else if (!Files.isRegularFile(plotFile)) {
            throw parsed.error("/plot", "plot template not found: " + plotFile);
        }
        PlotTemplate plot = PlotTemplate.load(plotFile);
        Path characters = dir.resolve(c.characters() == null ? "../characters" : c.characters()).normalize();
        if (!Files.isDirectory(characters)) {
            throw parsed.error(c.characters() == null ? "" : "/characters", "characters folder not found: " + characters);
        }
        long seed = c.seed() == null ? 1 : c.seed();
        int maxLines = c.maxLines() == null ? DEFAULT_MAX_LINES : c.maxLines();
        if (maxLines < 1 || maxLines > 10_000) {
            throw parsed.error("/maxLines", "maxLines must be 1..10000, got " + maxLines);
        }
        String policy = c.policy() == null ? "auto" : c.policy();
        if (!POLICIES.contains(policy)) {
            throw parsed.error("/policy", "unknown policy '" + policy + "'; expected one of " + POLICIES);
        }
        SamplingSettings base = merge(parsed, "/sampling", SamplingSettings.DEFAULT, c.sampling());
        if (c.cast() == null || c.cast().isEmpty()) {
            throw parsed.error("/cast", "'cast' must list at least one member");
        }
        List<Member> members = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Map<String, Integer> roleAt = new HashMap<>();
        for (int i = 0; i < c.cast().size(); i++) {
            CastFile.Member m = c.cast().get(i);
            String at = "/cast/" + i;
            if (m == null || m.character() == null || !m.character().matches("[a-z0-9][a-z0-9_-]*")) {
                throw parsed.error(at + "/character", "each member needs 'character': a character id (lower-case folder name under " + characters + ")");
            }
            if (!ids.add(m.character())) {
                throw parsed.error(at + "/character", "character '" + m.character() + "' is cast twice");
            }
            if (m.role() == null || !plot.roles().contains(m.role())) {
                throw parsed.error(at + "/role", "role '" + m.role() + "' is not a role of plot '" + plot.title() + "' " + plot.roles());
            }
            if (roleAt.put(m.role(), i) != null) {
                throw parsed.error(at + "/role", "role '" + m.role() + "' is already played by another member");
            }
            Path sheetFile = characters.resolve(m.character()).resolve("character.yaml");
            if (!Files.isRegularFile(sheetFile)) {
                throw parsed.error(at + "/character", "no character sheet for '" + m.character() + "' (expected " + sheetFile + ")");
            }
            CharacterSheet sheet = CharacterSheet.load(sheetFile);
            Path model = m.model() == null ? characters.resolve(m.character()).resolve("model.zip") : dir.resolve(m.model()).normalize();
            if (requireModels && !Files.isRegularFile(model)) {
                throw parsed.error(m.model() == null ? at + "/character" : at + "/model", "model file not found: " + model
                        + " (train it with './telenovela train')");
            }
            SamplingSettings s = merge(parsed, at + "/sampling", base, m.sampling());
            members.add(new Member(m.character(), sheet, m.role(), model, s));
        }
        for (String role : plot.roles()) {
            if (!roleAt.containsKey(role)) {
                throw parsed.error("/cast", "role '" + role + "' of plot '" + plot.title() + "' is not cast");
            }
        }
        Set<String> cues = new HashSet<>();
        for (Member m : members) {
            if (!cues.add(m.cue().toUpperCase(Locale.ROOT))) {
                throw parsed.error("/cast", "two members share the cue '" + m.cue() + "'");
            }
        }
        return new Cast(file, c.title(), plot, plotFile, characters, seed, maxLines, policy, List.copyOf(members));
    }

    private static SamplingSettings merge(StrictYaml.Parsed<?> parsed, String at, SamplingSettings base, CastFile.SamplingOverride o) {
        if (o == null) {
            return base;
        }
        try {
            return new SamplingSettings(
                    o.temperature() != null ? o.temperature() : base.temperature(),
                    o.topK() != null ? o.topK() : base.topK(),
                    o.topP() != null ? o.topP() : base.topP(),
                    o.maxLength() != null ? o.maxLength() : base.maxLength(),
                    o.candidates() != null ? o.candidates() : base.candidates());
        } catch (IllegalArgumentException e) {
            String field = e.getMessage().split(" ")[0];
            throw parsed.error(at + "/" + field, e.getMessage());
        }
    }

    /** A cast error that is not tied to a position (e.g. the models disagree). */
    public InvalidInputException error(String what) {
        return InvalidInputException.at(file.toString(), what);
    }
}
