package org.telenovela.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.telenovela.InvalidInputException;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads user-written YAML (casts, plots, character sheets) strictly into records: unknown keys, duplicate keys,
 * wrong types and missing fields are errors; alias expansion, nesting and size are bounded. Every error names
 * the file, line and column. The value's locations are kept so later checks (dangling references, inverted
 * ranges) can point at the exact place too.
 */
public final class StrictYaml {
    public static final long MAX_BYTES = 1 << 20;

    private static final YAMLFactory FACTORY;
    private static final ObjectMapper MAPPER;

    static {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20); // "billion laughs" stays small
        options.setNestingDepthLimit(40);
        options.setCodePointLimit((int) MAX_BYTES);
        options.setAllowDuplicateKeys(false);
        FACTORY = YAMLFactory.builder().loaderOptions(options).build();
        FACTORY.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        MAPPER = JsonMapper.builder(FACTORY)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
    }

    private StrictYaml() {
    }

    /** A parsed document and where each of its values stands in the file. */
    public record Parsed<T>(T value, Path file, Map<String, JsonLocation> locations) {
        /** {@code file:line:column} of the value at a JSON pointer such as {@code /beats/2/lines}, or the file alone. */
        public String where(String pointer) {
            String p = pointer;
            while (true) {
                JsonLocation loc = locations.get(p);
                if (loc != null) {
                    return file + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
                }
                if (p.isEmpty()) {
                    return file.toString();
                }
                p = p.substring(0, p.lastIndexOf('/'));
            }
        }

        /** An input error at the value under {@code pointer}, naming the field too. */
        public InvalidInputException error(String pointer, String what) {
            String field = pointer.isEmpty() ? "" : " (" + pointer.substring(1).replace('/', '.') + ")";
            return InvalidInputException.at(where(pointer), what + field);
        }
    }

    public static <T> Parsed<T> read(Path file, Class<T> type) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw InvalidInputException.at(file.toString(), "file is larger than " + MAX_BYTES / 1024 + " KB; is it the right file?");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw InvalidInputException.at(file.toString(), "file not found");
        } catch (IOException e) {
            throw InvalidInputException.at(file.toString(), "cannot read: " + e.getMessage());
        }
        String text = decodeUtf8(file, bytes);
        if (text.isBlank()) {
            throw InvalidInputException.at(file.toString(), "file is empty");
        }
        Map<String, JsonLocation> keys = new HashMap<>();
        Map<String, JsonLocation> values = locate(file, text, keys);
        try {
            T value = MAPPER.readValue(text, type);
            if (value == null) {
                throw InvalidInputException.at(file.toString(), "file holds no document");
            }
            return new Parsed<>(value, file, values);
        } catch (JsonProcessingException e) {
            throw translate(file, e, e instanceof UnrecognizedPropertyException ? keys : values);
        }
    }

    private static String decodeUtf8(Path file, byte[] bytes) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            if (s.startsWith("\uFEFF")) {
                s = s.substring(1);
            }
            int nul = s.indexOf('\0');
            if (nul >= 0) {
                throw InvalidInputException.at(file + ":" + lineOf(s, nul), "binary data (NUL byte), not YAML text");
            }
            return s;
        } catch (CharacterCodingException e) {
            int good = 0;
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
            ByteBuffer in = ByteBuffer.wrap(bytes);
            var out = java.nio.CharBuffer.allocate(bytes.length + 1);
            decoder.decode(in, out, true);
            good = in.position();
            String before = new String(bytes, 0, good, StandardCharsets.UTF_8);
            throw InvalidInputException.at(file + ":" + lineOf(before, before.length()),
                    "not UTF-8 text (byte 0x" + String.format("%02X", bytes[good]) + " at offset " + good + "); save the file as UTF-8");
        }
    }

    private static String lineOf(String s, int upTo) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < upTo; i++) {
            if (s.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return line + ":" + col;
    }

    /** Walks the token stream once and records where every value (and every key) starts, by JSON pointer. */
    private static Map<String, JsonLocation> locate(Path file, String text, Map<String, JsonLocation> keys) {
        Map<String, JsonLocation> locations = new HashMap<>();
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    keys.putIfAbsent(p.getParsingContext().pathAsPointer().toString(), p.currentTokenLocation());
                    continue;
                }
                String pointer = p.getParsingContext().pathAsPointer().toString();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    // the container itself: its pointer is the parent's view of it
                    pointer = p.getParsingContext().getParent() == null ? ""
                            : p.getParsingContext().getParent().pathAsPointer().toString();
                }
                if (t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY) {
                    locations.putIfAbsent(pointer, p.currentTokenLocation());
                }
            }
        } catch (JsonProcessingException e) {
            throw translate(file, e, Map.of());
        } catch (IOException e) {
            throw InvalidInputException.at(file.toString(), "cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            // SnakeYAML limits (aliases, nesting, size) surface as its own runtime exceptions
            throw InvalidInputException.at(file.toString(), "cannot parse YAML: " + firstLine(e.getMessage()));
        }
        return locations;
    }

    private static InvalidInputException translate(Path file, JsonProcessingException e, Map<String, JsonLocation> known) {
        JsonLocation loc = e.getLocation();
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            // the parser's position is often past the culprit; the recorded start of the value or key is exact
            String pointer = m.getPath().stream()
                    .map(r -> "/" + (r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex())))
                    .collect(Collectors.joining());
            loc = known.getOrDefault(pointer, loc);
        }
        String where = loc == null || loc.getLineNr() < 0 ? file.toString() : file + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
        String field = "";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            field = " (" + m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[") + ")";
        }
        String what;
        if (e instanceof UnrecognizedPropertyException u) {
            what = "unknown key '" + u.getPropertyName() + "'" + (u.getKnownPropertyIds() == null ? "" : "; expected one of "
                    + u.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
        } else if (e instanceof InvalidFormatException f) {
            what = "cannot use '" + f.getValue() + "' here: expected " + describe(f.getTargetType());
        } else if (e instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause() != null ? v.getCause() : v;
            what = firstLine(cause.getMessage());
        } else if (e instanceof MismatchedInputException mi) {
            String msg = firstLine(mi.getOriginalMessage());
            if (msg.startsWith("Missing required creator property")) {
                what = "missing required key '" + msg.replaceAll(".*'(.*)'.*", "$1") + "'";
            } else if (mi.getTargetType() != null) {
                what = "wrong type: expected " + describe(mi.getTargetType());
            } else {
                what = msg;
            }
        } else if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
            what = "duplicate key " + e.getOriginalMessage().replaceAll("Duplicate field ", "");
        } else {
            what = "invalid YAML: " + firstLine(e.getOriginalMessage());
        }
        return InvalidInputException.at(where, what + field);
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping of keys to values";
        }
        return "a " + type.getSimpleName();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown problem";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
