package org.telenovela.importer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.cast.Cast;
import org.telenovela.cli.Main;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Import a mixed set of scripts, scaffold a cast from them, train tiny models, and play a scene: all through the CLI. */
class BringYourOwnScriptsTest {
    record Result(int code, String out, String err) {
    }

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    static Path tinyPlot() {
        try {
            return Path.of(BringYourOwnScriptsTest.class.getResource("/tiny/plots/tiny.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A few KB of original transcript: three speakers, beats, scene headings, and some lines before the first cue. */
    static String longTranscript() {
        String[] marisol = {"¿Por qué me miras así, Tadeo? Dime la verdad de una vez.",
                "Mi abuela siempre decía que el café amargo cura las penas.",
                "¡No me toques! Todavía no te perdono lo de anoche.",
                "Hoy cierro temprano el café; tengo una cita con el destino."};
        String[] tadeo = {"Marisol, mi reina, te juro por la Virgen que no fue mi culpa.",
                "Vendí mi guitarra para comprarte ese anillo, ¿no lo ves?",
                "El barco sale al amanecer y no pienso irme sin ti.",
                "Si me dejas, me quedo aquí sentado hasta que vuelvas."};
        String[] narrator = {"Y así, bajo la lluvia de abril, dos corazones vuelven a latir juntos.",
                "Lo que Marisol no sabe es que la carta sigue escondida en el piano.",
                "Mientras tanto, en el puerto, alguien pregunta por Tadeo.",
                "Queridos televidentes, esta historia apenas comienza."};
        String[] beats = {"inicio", "medio", "final"};
        StringBuilder sb = new StringBuilder("El reloj del café marca la medianoche.\n\n");
        for (int scene = 0; scene < 6; scene++) {
            sb.append("INT. CAFÉ ESPERANZA - NOCHE ").append(scene + 1).append("\n\n");
            for (int b = 0; b < beats.length; b++) {
                sb.append("# ").append(beats[b]).append("\n\n");
                int k = scene + b;
                sb.append("Latin lover narrator: ").append(narrator[k % 4]).append("\n\n");
                sb.append("Marisol: ").append(marisol[k % 4]).append(" Tadeo: ").append(tadeo[(k + 1) % 4]).append("\n");
                sb.append("Marisol: (suspirando) ").append(marisol[(k + 2) % 4]).append("\n\n");
                sb.append("Tadeo: ").append(tadeo[(k + 3) % 4]).append("\n\n");
                sb.append("Marisol: ¡Ay, Tadeo! Siempre lo mismo contigo.\n\n");
            }
        }
        return sb.toString();
    }

    @Test
    void importedScriptsBecomeACastThatTrainsAndPlaysAScene(@TempDir Path dir) throws IOException {
        Path sources = Files.createDirectory(dir.resolve("sources"));
        List<String> args = new ArrayList<>(List.of("import"));
        for (String f : List.of("cafe.txt", "mercado.vtt", "nocturno.srt", "faro.ttml", "pasillo.fountain")) {
            args.add(Files.copy(Fixtures.file(f), sources.resolve(f)).toString());
        }
        args.add(Files.writeString(sources.resolve("cafe-largo.txt"), longTranscript()).toString());
        Path corpus = dir.resolve("corpus");
        args.addAll(List.of("--out", corpus.toString()));

        Result imported = cli(args.toArray(String[]::new));
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.err().contains("import: 6 files"), imported.err());
        assertTrue(imported.err().contains("LATIN LOVER NARRATOR"), imported.err());
        assertEquals(6, Files.list(corpus).filter(p -> p.toString().endsWith(".fountain")).count());

        Path castFile = dir.resolve("cast").resolve("cafe.yaml");
        Result scaffolded = cli("new-cast", "--corpus", corpus.toString(), "--out", castFile.toString(), "--plot", tinyPlot().toString(),
                "--min-chars", "800", "--title", "Café Esperanza");
        assertEquals(0, scaffolded.code(), scaffolded.err());
        assertTrue(scaffolded.err().contains("skipped UNATTRIBUTED:"), scaffolded.err());
        assertTrue(scaffolded.err().contains("skipped DOÑA LUCHA: "), scaffolded.err());
        Cast planned = Cast.loadForTraining(castFile);
        assertEquals("LATIN LOVER NARRATOR", planned.byRole("narrator").cue(), "a narrator-like cue plays the narrator");
        assertEquals("MARISOL", planned.byRole("heroine").cue(), "most lines first");
        assertEquals("TADEO", planned.byRole("lover").cue());
        assertEquals("Latin Lover Narrator", planned.byRole("narrator").sheet().name());
        assertEquals(dir.resolve("cast/characters/marisol/character.yaml"), planned.characters().resolve("marisol/character.yaml"));

        Result again = cli("new-cast", "--corpus", corpus.toString(), "--out", castFile.toString(), "--plot", tinyPlot().toString(),
                "--min-chars", "800");
        assertEquals(2, again.code(), "nothing is overwritten without --force");
        assertTrue(again.err().contains("already exists"), again.err());

        Path settings = Files.writeString(dir.resolve("tiny.conf"), """
                telenovela.training {
                  spec { layers = 1, hidden-size = 32, tbptt-length = 40, learning-rate = 0.02, seed = 5 }
                  batch-size = 16
                  parallel = 1
                }
                """);
        Result tooLittle = cli("train", "--config", settings.toString(), "--corpus", corpus.toString(), "--cast", castFile.toString(),
                "--min-chars", "100000");
        assertEquals(2, tooLittle.code(), "a member without enough text is refused before anything is trained");
        assertTrue(tooLittle.err().startsWith("telenovela: " + castFile + ": too little text to fine-tune marisol (cue MARISOL): "),
                tooLittle.err());
        assertFalse(Files.exists(dir.resolve("cast/characters/base/model.zip")));

        Result trained = cli("train", "--config", settings.toString(), "--corpus", corpus.toString(), "--cast", castFile.toString(),
                "--base-epochs", "4", "--fine-tune-epochs", "1", "--min-chars", "800");
        assertEquals(0, trained.code(), trained.err());
        for (String id : List.of("base", "marisol", "tadeo", "latin-lover-narrator")) {
            assertTrue(Files.isRegularFile(dir.resolve("cast/characters/" + id + "/model.zip")), id);
        }
        assertFalse(Files.exists(dir.resolve("cast/characters/unattributed")), "unattributed lines never become a character");

        Result scene = cli("run", castFile.toString(), "--seed", "3");
        assertEquals(0, scene.code(), scene.err());
        for (String cue : List.of("MARISOL", "TADEO", "LATIN LOVER NARRATOR")) {
            assertTrue(scene.out().contains("\n" + cue + "\n"), cue + " speaks:\n" + scene.out());
        }
        assertFalse(scene.out().contains("\nUNATTRIBUTED\n"), scene.out());

        Path otherPlot = Files.writeString(dir.resolve("otra.yaml"), """
                title: Otra noche
                roles: [heroine, lover, narrator]
                narrator: narrator
                threads:
                  - id: cita
                    description: Will they meet?
                beats:
                  - id: medio
                    roles: [heroine, lover]
                    lines: [2, 2]
                    opens: [cita]
                  - id: final
                    roles: [narrator, heroine, lover]
                    lines: [2, 2]
                    closes: [cita]
                    narrated: true
                """);
        Result other = cli("run", castFile.toString(), "--plot", otherPlot.toString(), "--seed", "3");
        assertEquals(0, other.code(), other.err());
        assertTrue(other.out().contains("# final"), other.out());
    }
}
