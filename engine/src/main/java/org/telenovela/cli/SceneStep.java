package org.telenovela.cli;

/**
 * A step-through command that changes the scene. A session is the list of them: replaying the list against a fresh
 * director gives the same scene, because every turn's randomness comes from (seed, turn). Each step is written as
 * one line ({@link #line()}) in a saved session and read back with {@link #parse}.
 */
sealed interface SceneStep {
    String line();

    /** Whether this step writes a line of the scene (what undo takes back). */
    default boolean writesALine() {
        return false;
    }

    /** The director takes one turn. */
    record Next() implements SceneStep {
        public String line() {
            return "next";
        }

        @Override
        public boolean writesALine() {
            return true;
        }
    }

    /** The next line is spoken by this cast member. */
    record Who(String id) implements SceneStep {
        public String line() {
            return "who " + id;
        }
    }

    /** A person speaks as this cast member. */
    record Say(String id, String text) implements SceneStep {
        public String line() {
            return "say " + id + ": " + text;
        }

        @Override
        public boolean writesALine() {
            return true;
        }
    }

    /** Leave the current beat for the next one. */
    record NextBeat() implements SceneStep {
        public String line() {
            return "beat next";
        }
    }

    /** Sample at this temperature from now on; null: the beat's own again. */
    record Temperature(Double value) implements SceneStep {
        public String line() {
            return "temp " + (value == null ? "beat" : value.toString());
        }
    }

    /** The next turn draws from another seed; salt 0 is the normal one. */
    record Reroll(int salt) implements SceneStep {
        public String line() {
            return "reroll " + salt;
        }
    }

    /** The step a saved line stands for. */
    static SceneStep parse(String line) {
        String[] w = line.split(" ", 2);
        String arg = w.length > 1 ? w[1] : "";
        return switch (w[0]) {
            case "next" -> new Next();
            case "who" -> new Who(arg);
            case "say" -> {
                int colon = arg.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("say without ':' in '" + line + "'");
                }
                yield new Say(arg.substring(0, colon), arg.substring(colon + 1).strip());
            }
            case "beat" -> new NextBeat();
            case "temp" -> new Temperature(arg.equals("beat") ? null : Double.valueOf(arg));
            case "reroll" -> new Reroll(Integer.parseInt(arg));
            default -> throw new IllegalArgumentException("not a scene step: '" + line + "'");
        };
    }
}
