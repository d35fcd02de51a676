package org.telenovela.importer;

import org.telenovela.InvalidInputException;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The formats {@code telenovela import} reads, chosen by file extension. */
public enum SourceFormat {
    FOUNTAIN("Fountain screenplay", List.of("fountain")),
    TRANSCRIPT("transcript", List.of("txt")),
    SRT("SubRip subtitles", List.of("srt")),
    WEBVTT("WebVTT subtitles", List.of("vtt")),
    TTML("TTML subtitles", List.of("ttml", "dfxp", "xml"));

    public final String description;
    public final List<String> extensions;

    SourceFormat(String description, List<String> extensions) {
        this.description = description;
        this.extensions = extensions;
    }

    public static SourceFormat of(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (SourceFormat f : values()) {
            if (f.extensions.contains(ext)) {
                return f;
            }
        }
        throw InvalidInputException.at(file.toString(), "unknown source format '" + (ext.isEmpty() ? name : "." + ext)
                + "'; expected .fountain, .txt (transcript), .srt, .vtt, .ttml, .dfxp or .xml");
    }
}
