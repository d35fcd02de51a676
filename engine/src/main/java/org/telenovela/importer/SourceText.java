package org.telenovela.importer;

import org.telenovela.InvalidInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A source file's text: strict UTF-8 with or without a byte order mark, line ends normalised to {@code \n}.
 * Anything else (UTF-16, Latin-1, binary data) is an input error naming the file (and the line of the first bad
 * byte), because guessing an encoding would put wrong letters into the corpus without a word. An empty file (or one
 * holding only white space) is an error too: importing nothing is almost always the wrong file.
 */
final class SourceText {
    /** Sources larger than this are refused: subtitles and transcripts are kilobytes, not gigabytes. */
    static final long MAX_BYTES = 16L << 20;

    private SourceText() {
    }

    static String read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw InvalidInputException.at(file.toString(), "larger than " + (MAX_BYTES >> 20) + " MB; split it into episodes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw InvalidInputException.at(file.toString(), "cannot read: " + e.getMessage());
        }
        return decode(file.toString(), bytes);
    }

    static String decode(String source, byte[] bytes) {
        if (bytes.length >= 2 && ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE
                || (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF)) {
            throw InvalidInputException.at(source, "UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            throw InvalidInputException.at(source + ":" + lineAt(bytes, in.position()),
                    String.format("not UTF-8 text (byte 0x%02X); save the file as UTF-8", bytes[in.position()] & 0xFF));
        }
        decoder.flush(out);
        String text = out.flip().toString();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw InvalidInputException.at(source + ":" + (1 + text.substring(0, nul).chars().filter(c -> c == '\n').count()),
                    "binary data (a NUL character), not text; UTF-16 files must be saved as UTF-8");
        }
        if (text.isBlank()) {
            throw InvalidInputException.at(source, "empty file: nothing to import");
        }
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
