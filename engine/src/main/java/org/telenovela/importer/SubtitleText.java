package org.telenovela.importer;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What subtitle formats share: tags and entities to strip, dialogue dashes that split turns, silences that split scenes. */
final class SubtitleText {
    /** A silence this long (ms) between two subtitles starts a new scene. */
    static final long SCENE_GAP_MS = 10_000;

    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ASS_OVERRIDE = Pattern.compile("\\{\\\\[^}]*\\}");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);");
    private static final Pattern DASH = Pattern.compile("^[-–—]\\s*");
    private static final Map<String, String> NAMED = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"",
            "apos", "'", "nbsp", " ", "lrm", "", "rlm", "");

    private SubtitleText() {
    }

    /** Removes {@code <i>}, {@code <b>}, {@code <font ...>} and other tags and {@code {\an8}}-style overrides. */
    static String stripTags(String line) {
        return ASS_OVERRIDE.matcher(TAG.matcher(line).replaceAll("")).replaceAll("");
    }

    static String decodeEntities(String text) {
        Matcher m = ENTITY.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r;
            if (e.startsWith("#x") || e.startsWith("#X")) {
                r = codePoint(Integer.parseInt(e.substring(2), 16), m.group());
            } else if (e.startsWith("#")) {
                r = codePoint(Integer.parseInt(e.substring(1)), m.group());
            } else {
                r = NAMED.getOrDefault(e, m.group());
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(r));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String codePoint(int cp, String otherwise) {
        return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : otherwise;
    }

    /** Whether a subtitle line opens a new turn with a dialogue dash ({@code - ¿Vienes?}). */
    static boolean startsWithDash(String line) {
        return DASH.matcher(line).find();
    }

    static String withoutDash(String line) {
        return DASH.matcher(line).replaceFirst("");
    }
}
