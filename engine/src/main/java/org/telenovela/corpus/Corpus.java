package org.telenovela.corpus;

import org.telenovela.InvalidInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every {@code *.fountain} file of a corpus folder, in file-name order, split into training and held-out scenes.
 * The split is by position (every {@value #HELD_OUT_EVERY}th scene is held out), so it is the same on every machine
 * and does not move when a file is appended to.
 */
public record Corpus(Path folder, List<Screenplay> screenplays, List<Screenplay.Scene> training,
                     List<Screenplay.Scene> heldOut) {
    public static final int HELD_OUT_EVERY = 9;

    public static Corpus read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw InvalidInputException.at(folder.toString(), "corpus folder not found");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".fountain")).sorted().toList();
        } catch (IOException e) {
            throw InvalidInputException.at(folder.toString(), "cannot list corpus folder: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw InvalidInputException.at(folder.toString(), "no .fountain files in the corpus folder");
        }
        List<Screenplay> plays = new ArrayList<>();
        List<Screenplay.Scene> training = new ArrayList<>();
        List<Screenplay.Scene> heldOut = new ArrayList<>();
        int n = 0;
        for (Path f : files) {
            Screenplay play = Screenplay.read(f);
            if (play.scenes().isEmpty()) {
                throw InvalidInputException.at(f.toString(), "no dialogue found (expected Fountain character cues in CAPITALS followed by dialogue)");
            }
            plays.add(play);
            for (Screenplay.Scene scene : play.scenes()) {
                (n++ % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 ? heldOut : training).add(scene);
            }
        }
        return new Corpus(folder, List.copyOf(plays), List.copyOf(training), List.copyOf(heldOut));
    }

    /** SHA-256 of the training text: models record it to say what they learned from. */
    public String checksum() {
        return sha256(TrainingText.scenes(training));
    }

    public static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Screenplay.Scene> allScenes() {
        List<Screenplay.Scene> all = new ArrayList<>(training);
        all.addAll(heldOut);
        return all;
    }
}
