package org.telenovela;

/**
 * Bad input from the user: a cast, plot, character sheet, corpus, model file or flag that cannot be used.
 * The message is complete and meant for the user as it is: it names the file and the line/column or field.
 * The CLI turns it into that one message and exit code 2, never a stack trace.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code where: what} — the shape every input error takes. */
    public static InvalidInputException at(String where, String what) {
        return new InvalidInputException(where + ": " + what);
    }
}
