package org.telenovela.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The steps that made a step-through scene, in order, and the two edits a person can make to them: take the last
 * written line back ({@link #undo}), or draw it again from another seed ({@link #reroll}). A re-rolled line is
 * recorded as {@code who SPEAKER, reroll SALT, next}, so undoing or re-rolling it again removes those too.
 */
final class StepHistory {
    private final List<SceneStep> steps = new ArrayList<>();

    void add(SceneStep step) {
        steps.add(step);
    }

    List<SceneStep> steps() {
        return List.copyOf(steps);
    }

    void replaceWith(List<SceneStep> saved) {
        steps.clear();
        steps.addAll(saved);
    }

    int size() {
        return steps.size();
    }

    /** Index of the last step that wrote a line, or -1. */
    private int lastLine() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).writesALine()) {
                return i;
            }
        }
        return -1;
    }

    /** Drops the last written line and everything after it (and the re-roll that made it); false if there is none. */
    boolean undo() {
        int i = lastLine();
        if (i < 0) {
            return false;
        }
        cut(i);
        return true;
    }

    /**
     * Replaces the last line the cast wrote by a re-roll of it (same speaker, next salt); false if the last written
     * line was not the cast's ({@code say}) or there is none.
     */
    boolean reroll(String speaker) {
        int i = lastLine();
        if (i < 0 || !(steps.get(i) instanceof SceneStep.Next)) {
            return false;
        }
        int salt = i >= 1 && steps.get(i - 1) instanceof SceneStep.Reroll r ? r.salt() + 1 : 1;
        cut(i);
        steps.add(new SceneStep.Who(speaker));
        steps.add(new SceneStep.Reroll(salt));
        return true;
    }

    private void cut(int i) {
        steps.subList(i, steps.size()).clear();
        if (i >= 1 && steps.get(i - 1) instanceof SceneStep.Reroll) { // the re-roll that made that line goes too
            steps.remove(i - 1);
            if (i >= 2 && steps.get(i - 2) instanceof SceneStep.Who) {
                steps.remove(i - 2);
            }
        }
    }
}
