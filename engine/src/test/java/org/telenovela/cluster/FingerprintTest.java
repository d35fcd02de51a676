package org.telenovela.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The program's part of a node's fingerprint: its classes, whether packed in a jar or not. */
class FingerprintTest {
    @TempDir
    Path dir;

    private Path folder(String name, byte[] a, byte[] b) throws IOException {
        Path root = dir.resolve(name);
        Files.createDirectories(root.resolve("org/x"));
        Files.write(root.resolve("org/x/A.class"), a);
        Files.write(root.resolve("org/x/B.class"), b);
        Files.writeString(root.resolve("reference.conf"), name); // not a class: not the program
        return root;
    }

    private Path jar(String name, byte[] a, byte[] b) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            for (var e : Map.of("org/x/B.class", b, "org/x/A.class", a, "reference.conf", new byte[]{1}).entrySet()) {
                JarEntry entry = new JarEntry(e.getKey());
                entry.setLastModifiedTime(FileTime.fromMillis(123456789L));
                j.putNextEntry(entry);
                j.write(e.getValue());
                j.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void theClassesDecideNotTheirPackingTheirDatesOrOtherFiles() throws IOException {
        byte[] a = {1, 2, 3};
        byte[] b = {4, 5};
        String folder = Fingerprint.classesSha256(folder("classes", a, b));
        assertEquals(folder, Fingerprint.classesSha256(jar("engine.jar", a, b)));
        assertEquals(folder, Fingerprint.classesSha256(folder("same-classes", a, b)));
        assertNotEquals(folder, Fingerprint.classesSha256(folder("one-byte-changed", a, new byte[]{4, 6})));
        assertNotEquals(folder, Fingerprint.classesSha256(folder("bytes-moved", new byte[]{1, 2}, new byte[]{3, 4, 5})));
    }

    @Test
    void aWorkerOfAnotherBuildIsToldSo() {
        Map<String, String> coordinator = Fingerprint.ofCorpus("c0ffee");
        assertTrue(coordinator.get(Fingerprint.PROGRAM).matches("[0-9a-f]{64}"), coordinator.toString());
        assertNull(Fingerprint.difference(coordinator, Fingerprint.ofCorpus("c0ffee")));
        Map<String, String> other = Map.of(Fingerprint.PROGRAM, "0".repeat(64), Fingerprint.CORPUS, "c0ffee");
        assertTrue(Fingerprint.difference(coordinator, other).startsWith("program differs: worker SHA-256 000000000000..."),
                Fingerprint.difference(coordinator, other));
    }
}
