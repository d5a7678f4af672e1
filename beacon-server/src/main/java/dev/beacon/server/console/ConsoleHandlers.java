package dev.beacon.server.console;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code /} and {@code /ui} redirect to {@code /ui/}; any other {@code /ui/...} GET that is not a file answers the
 * console's {@code index.html} (the console routes in the browser). The page is read from the classpath once.
 */
public final class ConsoleHandlers {
    /** Where the static files are hosted and where they sit on the classpath. */
    public static final String HOSTED = "/ui";
    public static final String DIRECTORY = "/console";
    private static final String PAGE = DIRECTORY + "/index.html";

    private final byte[] page;

    public ConsoleHandlers() {
        try (InputStream in = ConsoleHandlers.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is not on the classpath: is beacon-console a dependency?");
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void toConsole(Context ctx) {
        ctx.redirect(HOSTED + "/");
    }

    public void page(Context ctx) {
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/html; charset=utf-8").result(page);
    }
}
