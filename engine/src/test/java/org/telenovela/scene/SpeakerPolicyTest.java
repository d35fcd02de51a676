package org.telenovela.scene;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpeakerPolicyTest {
    private static final Map<String, List<String>> NAMES = Map.of(
            "heroine", List.of("valentina"), "lover", List.of("alejandro"), "villain", List.of("ximena"));
    private static final List<String> STAGE = List.of("heroine", "lover", "villain");

    private static SpeakerPolicy.Spoken said(String role, String text) {
        return new SpeakerPolicy.Spoken(role, text);
    }

    @Test
    void whoeverWasJustAddressedByNameSpeaksNext() {
        SpeakerPolicy p = new SpeakerPolicy(SpeakerPolicy.Mode.AUTO, NAMES);
        SpeakerPolicy.Choice c = p.next(STAGE, Map.of(), List.of(said("heroine", "¡Ximena! ¿Qué haces aquí?")), new SplittableRandom(1));
        assertEquals("villain", c.role());
        assertTrue(c.reason().contains("addressed"));
    }

    @Test
    void nobodySpeaksThreeTimesInARowEvenWhenAddressingThemselves() {
        SpeakerPolicy p = new SpeakerPolicy(SpeakerPolicy.Mode.AUTO, NAMES);
        for (long seed = 0; seed < 50; seed++) {
            List<SpeakerPolicy.Spoken> so = List.of(said("lover", "Escúchame."), said("lover", "Yo, Alejandro, te lo juro."));
            assertNotEquals("lover", p.next(STAGE, Map.of(), so, new SplittableRandom(seed)).role());
        }
    }

    @Test
    void balancesTheRolesOverABeat() {
        SpeakerPolicy p = new SpeakerPolicy(SpeakerPolicy.Mode.AUTO, NAMES);
        List<SpeakerPolicy.Spoken> beat = new ArrayList<>();
        for (int turn = 0; turn < 30; turn++) {
            String role = p.next(STAGE, Map.of(), beat, new SplittableRandom(turn)).role();
            beat.add(said(role, "una línea sin nombres"));
        }
        for (String role : STAGE) {
            assertEquals(10, beat.stream().filter(s -> s.role().equals(role)).count(), role);
        }
    }

    @Test
    void weightsShiftTheBalance() {
        SpeakerPolicy p = new SpeakerPolicy(SpeakerPolicy.Mode.AUTO, NAMES);
        List<SpeakerPolicy.Spoken> beat = new ArrayList<>();
        for (int turn = 0; turn < 40; turn++) {
            beat.add(said(p.next(STAGE, Map.of("heroine", 2.0), beat, new SplittableRandom(turn)).role(), "..."));
        }
        long heroine = beat.stream().filter(s -> s.role().equals("heroine")).count();
        assertTrue(heroine >= 16, "heroine spoke " + heroine + " of 40");
    }

    @Test
    void roundRobinCyclesThroughTheStage() {
        SpeakerPolicy p = new SpeakerPolicy(SpeakerPolicy.Mode.ROUND_ROBIN, NAMES);
        List<SpeakerPolicy.Spoken> beat = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            beat.add(said(p.next(STAGE, Map.of(), beat, new SplittableRandom(i)).role(), "¡Valentina!"));
        }
        assertEquals(List.of("heroine", "lover", "villain", "heroine", "lover", "villain"), beat.stream().map(SpeakerPolicy.Spoken::role).toList());
    }

    @Test
    void randomNeverRepeatsTheLastSpeakerAndIsSeeded() {
        SpeakerPolicy p = new SpeakerPolicy(SpeakerPolicy.Mode.RANDOM, NAMES);
        for (long seed = 0; seed < 30; seed++) {
            List<SpeakerPolicy.Spoken> so = List.of(said("heroine", "hola"));
            String a = p.next(STAGE, Map.of(), so, new SplittableRandom(seed)).role();
            assertNotEquals("heroine", a);
            assertEquals(a, p.next(STAGE, Map.of(), so, new SplittableRandom(seed)).role());
        }
    }

    @Test
    void aLoneRoleAlwaysSpeaks() {
        SpeakerPolicy p = new SpeakerPolicy(SpeakerPolicy.Mode.AUTO, NAMES);
        List<SpeakerPolicy.Spoken> so = List.of(said("heroine", "a"), said("heroine", "b"));
        assertEquals("heroine", p.next(List.of("heroine"), Map.of(), so, new SplittableRandom(1)).role());
    }
}
