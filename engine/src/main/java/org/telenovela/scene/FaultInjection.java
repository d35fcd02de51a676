package org.telenovela.scene;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes characters crash on a given share of turns, to prove supervision works. The decision depends only on
 * the turn seed, so a scene with faults produces the same lines as the same scene without them. A fault fires
 * once per (character, turn seed): the retry of that turn goes through.
 */
public final class FaultInjection {
    public static final FaultInjection NONE = new FaultInjection(0);

    private final double rate;
    private final Set<String> fired = ConcurrentHashMap.newKeySet();

    public FaultInjection(double rate) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException("fault rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
    }

    public double rate() {
        return rate;
    }

    /** How many faults have fired so far. */
    public int fired() {
        return fired.size();
    }

    /** Thrown on purpose; supervision restarts the actor. */
    public static final class InjectedFault extends RuntimeException {
        InjectedFault(String message) {
            super(message, null, false, false);
        }
    }

    void maybeFail(String character, long turnSeed) {
        if (rate == 0) {
            return;
        }
        double u = (Seeds.mix(turnSeed ^ 0x5DEECE66DL) >>> 11) * 0x1.0p-53;
        if (u < rate && fired.add(character + "/" + turnSeed)) {
            throw new InjectedFault("injected fault in " + character);
        }
    }
}
