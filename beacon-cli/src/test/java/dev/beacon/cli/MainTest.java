package dev.beacon.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the CLI does without a server: usage errors, help, completion, contexts. */
class MainTest {
    record Run(int code, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aMissingArgumentIsAUsageErrorOnOneLine() {
        Run r = run(Map.of(), "config", "get", "shop");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).doesNotContain("\n").contains("Missing required parameter").contains("beacon config get --help");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownCommandsOptionsAndFormatsAreUsageErrors() {
        assertThat(run(Map.of(), "frobnicate").code()).isEqualTo(2);
        assertThat(run(Map.of(), "config").code()).isEqualTo(2);
        assertThat(run(Map.of(), "kv", "get", "k", "--bogus").code()).isEqualTo(2);
        Run badFormat = run(Map.of(), "-o", "xml", "kv", "get", "k");
        assertThat(badFormat.code()).isEqualTo(2);
        assertThat(badFormat.err()).contains("plain, table, json");
        assertThat(run(Map.of(), "kv", "put", "k", "v", "--ttl", "soon").code()).isEqualTo(2);
        assertThat(run(Map.of(), "lock", "job").code()).isEqualTo(2);
    }

    @Test
    void aServerUrlWithoutSchemeIsAUsageError() {
        Run r = run(Map.of("BEACON_SERVER", "localhost:8080"), "kv", "get", "k");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("must start with http://");
    }

    @Test
    void completionPrintsABashScriptForEveryCommand() {
        Run r = run(Map.of(), "completion", "bash");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("complete -F _complete_beacon").contains("rollback").contains("undrain");
        assertThat(run(Map.of(), "completion", "zsh").out()).startsWith("autoload -U +X compinit");
    }

    @Test
    void contextsAreSavedUsedAndListedWithoutTheirTokens(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("BEACON_CONFIG", dir.resolve("cfg").toString());
        assertThat(run(env, "context", "set", "prod", "--server", "http://10.0.0.1:8080,http://10.0.0.2:8080", "--token", "s3cret").code()).isZero();
        assertThat(run(env, "context", "set", "dev", "--server", "http://127.0.0.1:1").code()).isZero();
        assertThat(run(env, "context", "use", "nope").code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run(env, "context", "use", "dev").code()).isZero();
        Run ls = run(env, "context", "ls", "-o", "table");
        assertThat(ls.out()).contains("*        dev").contains("prod").doesNotContain("s3cret");
        assertThat(Files.readString(dir.resolve("cfg"))).contains("current=dev");
        // the current context's server is used: nothing listens there, so exit 5
        assertThat(run(env, "kv", "get", "k", "--timeout", "1s").code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run(env, "--context", "nope", "kv", "get", "k").code()).isEqualTo(ExitCodes.USAGE);
    }
}
