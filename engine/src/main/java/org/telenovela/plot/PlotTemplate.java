package org.telenovela.plot;

import org.telenovela.yaml.StrictYaml;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An arc template ({@code plots/*.yaml}): the roles it needs, the plot threads it opens and must close, and its
 * beats in order. Nothing in the code knows a template by name; users write their own.
 */
public record PlotTemplate(String title, String description, List<String> roles, String narrator,
                           List<PlotThread> threads, List<Beat> beats) {

    /** A question the story asks and must answer before the end ("will the lovers reunite?"). */
    public record PlotThread(String id, String description) {
    }

    /**
     * One beat of the arc.
     *
     * @param id          the beat's name; also the control code the models were trained with
     * @param roles       roles on stage (who may speak and who hears)
     * @param lines       {@code [min, max]} accepted lines
     * @param temperature sampling temperature for this beat
     * @param cues        words that mark a line as doing this beat's work
     * @param opens       threads this beat opens
     * @param closes      threads this beat closes
     * @param narrated    whether the narrator introduces the beat
     * @param forget      roles that lose their memory (LSTM state) as the beat starts
     * @param remember    roles whose memory comes back (the scene log is replayed into them) as the beat starts
     */
    public record Beat(String id, List<String> roles, List<Integer> lines, Double temperature, List<String> cues,
                       List<String> opens, List<String> closes, Boolean narrated, List<String> forget,
                       List<String> remember) {
        public Beat {
            cues = cues == null ? List.of() : List.copyOf(cues);
            opens = opens == null ? List.of() : List.copyOf(opens);
            closes = closes == null ? List.of() : List.copyOf(closes);
            forget = forget == null ? List.of() : List.copyOf(forget);
            remember = remember == null ? List.of() : List.copyOf(remember);
            narrated = narrated != null && narrated;
        }

        public int minLines() {
            return lines.get(0);
        }

        public int maxLines() {
            return lines.get(1);
        }

        public boolean introducedByNarrator() {
            return narrated;
        }
    }

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    public Beat beat(String id) {
        return beats.stream().filter(b -> b.id().equals(id)).findFirst().orElseThrow();
    }

    /** Reads and validates a template; every problem names the file, line and column. */
    public static PlotTemplate load(Path file) {
        StrictYaml.Parsed<PlotTemplate> parsed = StrictYaml.read(file, PlotTemplate.class);
        validate(parsed);
        return parsed.value();
    }

    static void validate(StrictYaml.Parsed<PlotTemplate> parsed) {
        PlotTemplate p = parsed.value();
        need(parsed, p.title() != null && !p.title().isBlank(), "/title", "missing or empty 'title'");
        need(parsed, p.roles() != null && !p.roles().isEmpty(), "/roles", "a plot needs at least one role under 'roles'");
        need(parsed, p.beats() != null && !p.beats().isEmpty(), "/beats", "a plot needs at least one beat under 'beats'");
        Set<String> roles = new HashSet<>();
        for (int i = 0; i < p.roles().size(); i++) {
            String r = p.roles().get(i);
            need(parsed, r != null && ID.matcher(r).matches(), "/roles/" + i, "role names are lower-case words (a-z, 0-9, -), got '" + r + "'");
            need(parsed, roles.add(r), "/roles/" + i, "role '" + r + "' is listed twice");
        }
        if (p.narrator() != null) {
            need(parsed, roles.contains(p.narrator()), "/narrator", "narrator role '" + p.narrator() + "' is not one of the roles " + p.roles());
        }
        Map<String, Integer> threads = new HashMap<>();
        List<PlotThread> ts = p.threads() == null ? List.of() : p.threads();
        for (int i = 0; i < ts.size(); i++) {
            PlotThread t = ts.get(i);
            need(parsed, t != null && t.id() != null && ID.matcher(t.id()).matches(), "/threads/" + i, "a thread needs an 'id' of lower-case letters, digits or '-'");
            need(parsed, threads.put(t.id(), i) == null, "/threads/" + i + "/id", "thread '" + t.id() + "' is defined twice");
        }
        Set<String> beatIds = new HashSet<>();
        Map<String, Integer> openedAt = new HashMap<>();
        Map<String, Integer> closedAt = new HashMap<>();
        for (int i = 0; i < p.beats().size(); i++) {
            Beat b = p.beats().get(i);
            String at = "/beats/" + i;
            need(parsed, b != null, at, "empty beat");
            need(parsed, b.id() != null && ID.matcher(b.id()).matches(), at + "/id", "a beat needs an 'id' of lower-case letters, digits or '-'");
            need(parsed, beatIds.add(b.id()), at + "/id", "beat id '" + b.id() + "' is used twice");
            need(parsed, b.roles() != null && !b.roles().isEmpty(), at + "/roles", "beat '" + b.id() + "' puts nobody on stage ('roles' is missing or empty)");
            for (int r = 0; r < b.roles().size(); r++) {
                need(parsed, roles.contains(b.roles().get(r)), at + "/roles/" + r, "unknown role '" + b.roles().get(r) + "'; the plot's roles are " + p.roles());
            }
            need(parsed, b.lines() != null && b.lines().size() == 2 && b.lines().get(0) != null && b.lines().get(1) != null,
                    at + "/lines", "'lines' must be [min, max]");
            need(parsed, b.minLines() >= 1 && b.maxLines() >= b.minLines() && b.maxLines() <= 200, at + "/lines",
                    "'lines' must be [min, max] with 1 <= min <= max <= 200, got " + b.lines());
            if (b.temperature() != null) {
                need(parsed, b.temperature() > 0 && b.temperature() <= 5, at + "/temperature", "temperature must be in (0, 5], got " + b.temperature());
            }
            for (int k = 0; k < b.opens().size(); k++) {
                String t = b.opens().get(k);
                need(parsed, threads.containsKey(t), at + "/opens/" + k, "unknown thread '" + t + "'; the plot's threads are " + threads.keySet());
                need(parsed, !openedAt.containsKey(t), at + "/opens/" + k, "thread '" + t + "' is already opened by an earlier beat");
                openedAt.put(t, i);
            }
            for (int k = 0; k < b.closes().size(); k++) {
                String t = b.closes().get(k);
                need(parsed, threads.containsKey(t), at + "/closes/" + k, "unknown thread '" + t + "'; the plot's threads are " + threads.keySet());
                need(parsed, openedAt.containsKey(t), at + "/closes/" + k, "thread '" + t + "' is closed before any beat opens it");
                need(parsed, openedAt.get(t) < i, at + "/closes/" + k, "thread '" + t + "' must be closed by a later beat than the one that opens it");
                need(parsed, !closedAt.containsKey(t), at + "/closes/" + k, "thread '" + t + "' is already closed by an earlier beat");
                closedAt.put(t, i);
            }
            for (String list : List.of("forget", "remember")) {
                List<String> rs = list.equals("forget") ? b.forget() : b.remember();
                for (int k = 0; k < rs.size(); k++) {
                    need(parsed, roles.contains(rs.get(k)), at + "/" + list + "/" + k, "unknown role '" + rs.get(k) + "'");
                }
            }
            if (b.introducedByNarrator()) {
                need(parsed, p.narrator() != null, at + "/narrated", "beat '" + b.id() + "' is narrated but the plot names no 'narrator' role");
            }
        }
        for (PlotThread t : ts) {
            String at = "/threads/" + threads.get(t.id());
            need(parsed, openedAt.containsKey(t.id()), at, "thread '" + t.id() + "' is never opened by any beat");
            need(parsed, closedAt.containsKey(t.id()), at, "thread '" + t.id() + "' is opened but no later beat closes it");
        }
    }

    private static void need(StrictYaml.Parsed<?> parsed, boolean ok, String pointer, String what) {
        if (!ok) {
            throw parsed.error(pointer, what);
        }
    }
}
