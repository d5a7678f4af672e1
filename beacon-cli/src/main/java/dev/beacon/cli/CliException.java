package dev.beacon.cli;

/** A failure the CLI itself detects (a file it cannot read, a lock lost while the command ran): an exit code and one line. */
public final class CliException extends RuntimeException {
    private final int exitCode;
    private final String hint;

    public CliException(int exitCode, String message, String hint) {
        super(message);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    public int exitCode() {
        return exitCode;
    }

    public String line() {
        return ExitCodes.oneLine(getMessage()) + (hint == null ? "" : " (hint: " + ExitCodes.oneLine(hint) + ")");
    }
}
