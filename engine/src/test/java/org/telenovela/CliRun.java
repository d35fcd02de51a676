package org.telenovela;

import org.telenovela.cli.Main;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The one way tests run the command line in-process: exit code and both streams captured. */
public final class CliRun {
    private CliRun() {
    }

    public record Result(int code, String out, String err) {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
