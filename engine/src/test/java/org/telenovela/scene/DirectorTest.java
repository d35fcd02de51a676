package org.telenovela.scene;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telenovela.TinyCast;
import org.telenovela.cast.Cast;
import org.telenovela.corpus.Screenplay;
import org.telenovela.corpus.TrainingText;
import org.telenovela.model.CharacterModel;
import org.telenovela.model.SamplingSettings;
import org.telenovela.scene.Episode;
import org.telenovela.plot.PlotTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectorTest {
    private static final ActorTestKit KIT = ActorTestKit.create(ConfigFactory.load());

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private static Episode play(Path castFile, long seed, FaultInjection faults) {
        Cast cast = Cast.load(castFile);
        return Production.prepare(cast, ConfigFactory.load()).play(seed, cast.maxLines(), SpeakerPolicy.Mode.AUTO, faults,
                new Director.Observer() { });
    }

    @Test
    void walksEveryBeatInOrderAndEndsArcCompleteWithEveryThreadClosed() {
        Episode e = play(TinyCast.cast(), 7, FaultInjection.NONE);
        SceneResult r = e.result();
        assertEquals(Termination.ARC_COMPLETE, r.termination(), r.detail());
        assertEquals(List.of("inicio", "medio", "final"), r.beatsPlayed());
        assertTrue(r.openThreads().isEmpty());
        List<String> beatsOfLines = r.lines().stream().map(SceneLog.Entry::beat).distinct().toList();
        assertEquals(List.of("inicio", "medio", "final"), beatsOfLines);
        List<String> events = r.lines().stream().flatMap(l -> l.threadEvents().stream()).map(ThreadEvent::code).toList();
        assertEquals(List.of("opens:amor", "opens:memoria", "closes:amor", "closes:memoria"), events);
        PlotTemplate plot = Cast.load(TinyCast.cast()).plot();
        for (PlotTemplate.Beat b : plot.beats()) { // the tiny plot's cue-less closing beat needs no extension
            long n = r.lines().stream().filter(l -> l.beat().equals(b.id())).count();
            assertTrue(n >= b.minLines() && n <= b.maxLines(), b.id() + " had " + n + " lines");
        }
        assertEquals("narrador", r.lines().get(0).speaker(), "the narrator introduces a narrated beat");
    }

    @Test
    void aThreadNoLineResolvesIsClosedByTheNarratorAfterTheBeatRunsLong(@TempDir Path dir) throws IOException {
        Path home = TinyCast.copyFixture(dir);
        for (String id : List.of("ana", "bruno", "narrador")) {
            Files.copy(TinyCast.home().resolve("characters/" + id + "/model.zip"), home.resolve("characters/" + id + "/model.zip"));
        }
        Path plot = home.resolve("plots/tiny.yaml");
        Files.writeString(plot, Files.readString(plot).replace("    closes: [amor, memoria]", "    closes: [amor, memoria]\n    cues: [zzyzx]"));
        SceneResult r = play(home.resolve("config/cast.yaml"), 7, FaultInjection.NONE).result();
        assertEquals(Termination.ARC_COMPLETE, r.termination(), r.detail());
        List<SceneLog.Entry> fin = r.lines().stream().filter(l -> l.beat().equals("final")).toList();
        SceneLog.Entry closing = fin.get(fin.size() - 1);
        assertEquals("narrador", closing.speaker());
        assertEquals(List.of("closes:amor (narrator)", "closes:memoria (narrator)"),
                closing.threadEvents().stream().map(ThreadEvent::code).toList());
        assertTrue(fin.size() >= 3 + ThreadCloser.EXTENSION + 1, "the beat was extended first: " + fin.size());
        assertTrue(fin.subList(0, fin.size() - 1).stream().allMatch(l -> l.threadEvents().isEmpty()));
    }

    @Test
    void aLineClosesAThreadWhenItUsesACueWordWhateverItsCaseOrAccents() {
        assertTrue(ThreadCloser.doesTheWork("¡Ahora lo RECUERDO todo!", List.of("recuérdo")));
        assertTrue(ThreadCloser.doesTheWork("Sí, acepto.", List.of("acepto", "boda")));
        assertTrue(!ThreadCloser.doesTheWork("Nada que ver.", List.of("acepto", "boda")));
        assertTrue(ThreadCloser.doesTheWork("Cualquier cosa.", List.of()));
    }

    @Test
    void theSameSeedPlaysTheSameSceneAndAnotherSeedAnotherScene() {
        List<String> a = texts(play(TinyCast.cast(), 7, FaultInjection.NONE));
        assertEquals(a, texts(play(TinyCast.cast(), 7, FaultInjection.NONE)));
        assertNotEquals(a, texts(play(TinyCast.cast(), 8, FaultInjection.NONE)));
    }

    @Test
    void theFirstLineIsExactlyWhatTheSpeakersOwnModelSamplesForThatTurn() {
        Episode e = play(TinyCast.cast(), 7, FaultInjection.NONE);
        SceneLog.Entry first = e.result().lines().get(0);
        Cast cast = Cast.load(TinyCast.cast());
        Cast.Member m = cast.byId(first.speaker());
        CharacterModel fresh = CharacterModel.load(m.model());
        List<CharacterModel.SampledLine> lines = fresh.sample(TrainingText.prefix(first.beat(), m.cue()), m.sampling(),
                new SplittableRandom(Seeds.derive(7, Seeds.SAMPLING, 0)));
        assertEquals(first.text(), lines.get(first.chosen()).text());
    }

    @Test
    void replacingOneCharactersModelChangesThatCharactersLinesAndNoneBefore(@TempDir Path dir) throws IOException {
        Path home = TinyCast.copyFixture(dir);
        for (String id : List.of("ana", "bruno", "narrador")) {
            Files.copy(TinyCast.home().resolve("characters/" + id + "/model.zip"), home.resolve("characters/" + id + "/model.zip"));
        }
        Path castFile = home.resolve("config/cast.yaml");
        SceneResult before = play(castFile, 7, FaultInjection.NONE).result();
        // Bruno now speaks with the base model: same shape, different weights
        Files.copy(TinyCast.home().resolve("characters/base/model.zip"), home.resolve("characters/bruno/model.zip"),
                StandardCopyOption.REPLACE_EXISTING);
        SceneResult after = play(castFile, 7, FaultInjection.NONE).result();
        int firstBruno = 0;
        while (!before.lines().get(firstBruno).speaker().equals("bruno")) {
            assertEquals(before.lines().get(firstBruno), after.lines().get(firstBruno), "lines before Bruno speaks are untouched");
            firstBruno++;
        }
        assertEquals("bruno", after.lines().get(firstBruno).speaker());
        assertNotEquals(before.lines().get(firstBruno).text(), after.lines().get(firstBruno).text());
    }

    @Test
    void twentyScenesWithCharactersCrashingOnATenthOfTurnsCompleteAndEqualTheirFaultFreeTwins() {
        Cast cast = Cast.load(TinyCast.cast());
        Production production = Production.prepare(cast, ConfigFactory.load());
        int crashes = 0;
        for (long seed = 100; seed < 120; seed++) {
            List<String> clean = texts(production.play(seed, 40, SpeakerPolicy.Mode.AUTO, FaultInjection.NONE, new Director.Observer() { }));
            FaultInjection faults = new FaultInjection(0.1);
            Episode withFaults = production.play(seed, 40, SpeakerPolicy.Mode.AUTO, faults, new Director.Observer() { });
            assertEquals(Termination.ARC_COMPLETE, withFaults.result().termination());
            assertEquals(clean, texts(withFaults), "seed " + seed);
            crashes += faults.fired();
        }
        assertTrue(crashes >= 5, "faults actually fired: " + crashes);
    }

    /** Ana on stage, with a probe as her director: it answers her recall from {@code log}, as a director does. */
    private static ActorRef<CharacterActor.Command> character(CharacterModel model, SceneLog log, boolean beatCodes) {
        TestProbe<Director.Command> director = KIT.createTestProbe();
        ActorRef<CharacterActor.Command> actor = KIT.spawn(CharacterActor.create("ana", "ANA", model, director.getRef(),
                FaultInjection.NONE, beatCodes));
        Director.Recall recall = director.expectMessageClass(Director.Recall.class, Duration.ofSeconds(10));
        assertEquals("ana", recall.character());
        recall.replyTo().tell(new CharacterActor.Recalled(log.heard("ana")));
        return actor;
    }

    @Test
    void afterForgettingACharacterSpeaksLikeAFreshlyLoadedModel() {
        Cast cast = Cast.load(TinyCast.cast());
        Cast.Member ana = cast.byId("ana");
        SceneLog log = new SceneLog();
        ActorRef<CharacterActor.Command> actor = character(CharacterModel.load(ana.model()), log, true);
        SceneLog.Entry heard = new SceneLog.Entry(0, "inicio", "bruno", "BRUNO", "Volví por ti, Ana.", -1,
                List.of(), 0, List.of(), Set.of("ana", "bruno"));
        log.append(heard);
        actor.tell(new CharacterActor.Hear(heard));
        TestProbe<CharacterActor.SpeakReply> probe = KIT.createTestProbe();
        SamplingSettings s = ana.sampling();
        actor.tell(new CharacterActor.Speak("inicio", s, 99, List.of(), probe.getRef()));
        CharacterActor.Candidates remembering = probe.expectMessageClass(CharacterActor.Candidates.class, Duration.ofSeconds(30));

        log.markForgotten("ana");
        actor.tell(CharacterActor.Forget.INSTANCE);
        actor.tell(new CharacterActor.Speak("inicio", s, 99, List.of(), probe.getRef()));
        CharacterActor.Candidates forgotten = probe.expectMessageClass(CharacterActor.Candidates.class, Duration.ofSeconds(30));

        List<CharacterModel.SampledLine> fresh = CharacterModel.load(ana.model())
                .sample(TrainingText.prefix("inicio", "ANA"), s, new SplittableRandom(99));
        assertEquals(texts(fresh), texts(forgotten.lines()));
        assertEquals(logProbs(fresh), logProbs(forgotten.lines()));
        assertNotEquals(logProbs(remembering.lines()), logProbs(forgotten.lines()), "what was heard mattered before forgetting");
    }

    @Test
    void candidatesComeWithTheirLikelihoodUnderTheContrastBeatsAndTheAblationUsesTheNoBeatCode() {
        Cast cast = Cast.load(TinyCast.cast());
        Cast.Member ana = cast.byId("ana");
        SamplingSettings s = ana.sampling();
        SceneLog.Entry heard = new SceneLog.Entry(0, "inicio", "bruno", "BRUNO", "Volví por ti, Ana.", -1,
                List.of(), 0, List.of(), Set.of("ana", "bruno"));
        for (boolean beatCodes : new boolean[] {true, false}) {
            SceneLog log = new SceneLog();
            log.append(heard);
            ActorRef<CharacterActor.Command> actor = character(CharacterModel.load(ana.model()), log, beatCodes);
            TestProbe<CharacterActor.SpeakReply> probe = KIT.createTestProbe();
            actor.tell(new CharacterActor.Speak("inicio", s, 7, List.of("final", "medio"), probe.getRef()));
            CharacterActor.Candidates got = probe.expectMessageClass(CharacterActor.Candidates.class, Duration.ofSeconds(30));

            String code = beatCodes ? "inicio" : Screenplay.NO_BEAT;
            CharacterModel fresh = CharacterModel.load(ana.model());
            fresh.prime(TrainingText.line(code, "BRUNO", "Volví por ti, Ana."));
            List<CharacterModel.SampledLine> expected = fresh.sample(TrainingText.prefix(code, "ANA"), s, new SplittableRandom(7));
            assertEquals(texts(expected), texts(got.lines()), "beat codes " + beatCodes);
            List<String> lines = texts(expected);
            double[] underFinal = fresh.logProbOf(TrainingText.prefix(beatCodes ? "final" : Screenplay.NO_BEAT, "ANA"), lines);
            double[] underMedio = fresh.logProbOf(TrainingText.prefix(beatCodes ? "medio" : Screenplay.NO_BEAT, "ANA"), lines);
            for (int i = 0; i < lines.size(); i++) {
                assertEquals((underFinal[i] + underMedio[i]) / 2, got.contrastLogProb().get(i), 1e-9);
                assertEquals(fresh.unknownWordShare(lines.get(i)), got.unknownWordShare().get(i));
            }
        }
    }

    @Test
    void everyWordOfEveryLineIsAWordOfTheSpeakersTrainingText() {
        Cast cast = Cast.load(TinyCast.cast());
        CharacterModel ana = CharacterModel.load(cast.byId("ana").model());
        assertTrue(ana.words().contains("bruno"), "training put the corpus words into the model file");
        for (long seed = 1; seed <= 3; seed++) {
            // no unknown-word penalty: the words come from constrained decoding, not from the director's choice
            Production p = Production.prepare(cast, ConfigFactory.load()).directed(new Steering(true, 0, 0, 0, 0));
            Episode e = p.play(seed, cast.maxLines(), SpeakerPolicy.Mode.AUTO, FaultInjection.NONE, new Director.Observer() { });
            for (SceneLog.Entry l : e.result().lines()) {
                CharacterModel speaker = CharacterModel.load(cast.byId(l.speaker()).model());
                assertEquals(0, speaker.unknownWordShare(l.text()), l.speaker() + ": " + l.text());
            }
        }
    }

    @Test
    void theDirectorAnswersTheReplyToOfBeginWhenSpawnedByTheTestkit() throws Exception {
        Cast cast = Cast.load(TinyCast.cast());
        List<Director.Performer> performers = new ArrayList<>();
        for (Cast.Member m : cast.members()) {
            performers.add(new Director.Performer(m.id(), m.role(), m.cue(), m.sheet().name(), CharacterModel.load(m.model()), m.sampling()));
        }
        akka.actor.testkit.typed.javadsl.TestProbe<SceneResult> result = KIT.createTestProbe();
        List<String> speakers = new ArrayList<>();
        akka.actor.typed.ActorRef<Director.Command> director = KIT.spawn(Director.create(cast.plot(), performers,
                new SceneSettings(3, 5, SpeakerPolicy.Mode.ROUND_ROBIN, Duration.ofSeconds(30), FaultInjection.NONE),
                new Director.Observer() {
                    @Override
                    public void lineAccepted(SceneLog.Entry entry) {
                        speakers.add(entry.speaker());
                    }
                }, null));
        director.tell(new Director.Begin(result.ref()));
        SceneResult r = result.receiveMessage(Duration.ofSeconds(60));
        assertEquals(Termination.LINE_BUDGET, r.termination(), "a 5-line budget cannot hold the whole arc");
        assertTrue(r.detail().contains("open threads"), r.detail());
        assertEquals(5, speakers.size());
        assertEquals(List.of("narrador", "ana", "bruno"), speakers.subList(0, 3));
    }

    private static List<String> texts(Episode e) {
        return e.result().lines().stream().map(l -> l.speaker() + ": " + l.text()).toList();
    }

    private static List<Double> logProbs(List<CharacterModel.SampledLine> lines) {
        return lines.stream().map(CharacterModel.SampledLine::logProb).toList();
    }

    private static List<String> texts(List<CharacterModel.SampledLine> lines) {
        return lines.stream().map(CharacterModel.SampledLine::text).toList();
    }
}
