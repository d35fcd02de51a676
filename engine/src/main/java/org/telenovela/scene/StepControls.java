package org.telenovela.scene;

/**
 * What a person at the step-through controls has asked of the director: how many turns they allow, whether a turn
 * is waiting for them (and whose), who speaks next, a temperature of their own, a re-roll. Unused when the scene
 * runs by itself, except that a forced speaker and a salt are always honoured (and always empty there).
 */
final class StepControls {
    private int allowance;          // turns the person has allowed
    private boolean waiting;        // a turn is due and waits for an Advance
    private String pendingSpeaker;  // who that waiting turn belongs to, if already decided
    private String forcedSpeaker;
    private Double temperature;
    private int salt;               // a re-rolled turn draws from another seed

    /** Whether a turn (for {@code speaker}, if decided) may be taken now; if not, it waits. */
    boolean takeTurn(String speaker) {
        if (allowance == 0) {
            waiting = true;
            pendingSpeaker = speaker;
            return false;
        }
        waiting = false;
        allowance--;
        return true;
    }

    void allow(int lines) {
        allowance += Math.max(0, lines);
    }

    boolean canResume() {
        return waiting && allowance > 0;
    }

    boolean waiting() {
        return waiting;
    }

    void stopWaiting() {
        waiting = false;
    }

    String pendingSpeaker() {
        return pendingSpeaker;
    }

    void hold() {
        allowance = 0;
    }

    void force(String role) {
        forcedSpeaker = role;
    }

    /** The forced speaker for this turn, if any; forcing lasts one turn. */
    String takeForced() {
        String f = forcedSpeaker;
        forcedSpeaker = null;
        return f;
    }

    Double temperature() {
        return temperature;
    }

    void temperature(Double t) {
        temperature = t;
    }

    int salt() {
        return salt;
    }

    void reroll(int s) {
        salt = s;
    }
}
