package dev.beacon.cli;

import dev.beacon.client.Auth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

@Command(name = "auth", mixinStandardHelpOptions = true, description = "Access to Beacon once auth is on (admin).",
        subcommands = {AuthCommand.Token.class})
final class AuthCommand extends GroupCommand {

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Tokens: create one (its secret is shown once), list them (never a secret), revoke one.",
            subcommands = {Token.Create.class, Token.Ls.class, Token.Revoke.class})
    static final class Token extends GroupCommand {

        @Command(name = "create", mixinStandardHelpOptions = true,
                description = "Create a token and print it once (then its id). Keep it: Beacon stores only its hash.")
        static final class Create extends BaseCommand {
            @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, write or read")
            String role;

            @Option(names = "--scope", paramLabel = "SCOPE",
                    description = "what it may touch, repeatable, e.g. config:shop/* (see docs/security.md; none = all its role allows)")
            List<String> scopes;

            @Option(names = "--ttl", paramLabel = "DURATION", converter = Durations.Converter.class,
                    description = "how long it is valid, e.g. 720h (default: never expires)")
            Duration ttl;

            @Option(names = "--description", paramLabel = "TEXT", description = "who or what uses it; recorded as the writer of its changes")
            String description;

            @Override
            int run() {
                Auth.IssuedToken t = client().auth().createToken(role, scopes, ttl, description);
                Printer.Table table = new Printer.Table("ID", "TOKEN", "ROLE", "SCOPES", "DESCRIPTION", "EXPIRES");
                table.row(t.id(), t.token(), t.role(), scopes(t.scopes()), t.description(), time(t.expiresAt()));
                printer().print(t, table, t.token() + System.lineSeparator() + "id " + t.id()
                        + " (shown once: store the token now; revoke with 'beacon auth token revoke " + t.id() + "')");
                return ExitCodes.OK;
            }
        }

        @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the tokens that have not expired, oldest first (never a secret).")
        static final class Ls extends BaseCommand {
            @Override
            int run() {
                List<Auth.TokenInfo> tokens = client().auth().tokens();
                Printer.Table table = new Printer.Table("ID", "ROLE", "SCOPES", "DESCRIPTION", "CREATED", "EXPIRES", "CREATED BY");
                for (Auth.TokenInfo t : tokens) {
                    table.row(t.id(), t.role(), scopes(t.scopes()), t.description(), time(t.createdAt()), time(t.expiresAt()), t.createdBy());
                }
                printer().print(Map.of("tokens", tokens), table);
                return ExitCodes.OK;
            }
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true,
                description = "Revoke a token: every server refuses it within about a second.")
        static final class Revoke extends BaseCommand {
            @Parameters(index = "0", paramLabel = "ID", description = "the token's id (16 hex digits, as 'auth token ls' shows)")
            String id;

            @Override
            int run() {
                client().auth().revokeToken(id);
                printer().print(Map.of("revoked", id), new Printer.Table("REVOKED").row(id), "revoked " + id);
                return ExitCodes.OK;
            }
        }

        private static String scopes(List<String> scopes) {
            return scopes == null || scopes.isEmpty() ? null : String.join(",", scopes);
        }

        private static String time(Long epochMillis) {
            return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
        }
    }
}
