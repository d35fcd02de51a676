package org.telenovela.training;

/** Training gave non-finite numbers again and again: not bad input, but not worth a stack trace either. */
public final class TrainingDiverged extends RuntimeException {
    public TrainingDiverged(String message) {
        super(message);
    }
}
