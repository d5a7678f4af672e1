/**
 * The {@code beacon} command line: {@link dev.beacon.cli.Main} parses the arguments (picocli), each command is one
 * {@code *Command} class that validates, makes one SDK call and prints the result through the {@link dev.beacon.cli.Printer}
 * ({@code plain|table|json}); every failure becomes one stderr line and an exit code from {@link dev.beacon.cli.ExitCodes}.
 */
package dev.beacon.cli;
