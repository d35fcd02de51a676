package org.telenovela.cluster;

import org.telenovela.scene.Episode;
import org.telenovela.scene.Production;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What decides an episode besides its seed: the program itself (the SHA-256 of its classes), the SHA-256 of every
 * model file and of the plot file, and the director's settings. Two nodes with the same fingerprint play
 * byte-identical episodes from the same seed.
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static Map<String, String> of(Production production) {
        Map<String, String> f = new TreeMap<>();
        for (Episode.Player p : production.players()) {
            f.put("model of '" + p.id() + "'", p.modelSha256());
        }
        f.put("plot file", Production.sha256(production.cast().plotFile()));
        f.put("director settings", production.steering().toString());
        f.put(PROGRAM, program());
        return f;
    }

    /** What decides a fine-tune besides the job itself: the program and the corpus the worker reads. */
    public static Map<String, String> ofCorpus(String checksum) {
        return Map.of(PROGRAM, program(), CORPUS, checksum);
    }

    public static final String CORPUS = "corpus";
    public static final String PROGRAM = "program";
    private static String program;

    /**
     * The SHA-256 of the program's classes, where this class was loaded from (the engine's jar, or its classes
     * folder in a build): two builds of other sources, or of another version, could play or train differently.
     */
    static synchronized String program() {
        if (program == null) {
            try {
                program = classesSha256(Path.of(Fingerprint.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return program;
    }

    /**
     * The SHA-256 of every .class file in a jar or a folder, by name in order (name, length, bytes): the
     * same for a jar and the folder it was packed from, whatever the files' dates.
     */
    static String classesSha256(Path codeSource) throws IOException {
        Map<String, byte[]> classes = new TreeMap<>();
        if (Files.isDirectory(codeSource)) {
            try (Stream<Path> files = Files.walk(codeSource)) {
                for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    classes.put(codeSource.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                }
            }
        } else {
            try (JarFile jar = new JarFile(codeSource.toFile())) {
                for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
                    if (e.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            classes.put(e.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        classes.forEach((name, bytes) -> {
            digest.update((name + "\0" + bytes.length + "\0").getBytes(StandardCharsets.UTF_8));
            digest.update(bytes);
        });
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The first difference between a worker's fingerprint and the coordinator's, as a sentence; null: none. Only
     * what the coordinator's work depends on counts (a worker that can play and train says both).
     */
    public static String difference(Map<String, String> coordinator, Map<String, String> worker) {
        for (Map.Entry<String, String> e : new TreeMap<>(coordinator).entrySet()) {
            String theirs = worker.get(e.getKey());
            if (theirs == null) {
                return "the worker has no " + e.getKey() + (e.getKey().equals(CORPUS) ? "" : " (its cast's models could not be loaded)");
            }
            if (!theirs.equals(e.getValue())) {
                return e.getKey() + " differs: worker " + brief(theirs) + ", coordinator " + brief(e.getValue());
            }
        }
        return null;
    }

    private static String brief(String s) {
        return s.matches("[0-9a-f]{64}") ? "SHA-256 " + s.substring(0, 12) + "..." : s;
    }
}
