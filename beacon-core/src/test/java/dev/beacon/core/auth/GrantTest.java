package dev.beacon.core.auth;

import dev.beacon.core.BeaconException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrantTest {
    private static Grant grant(String role, String scopes) {
        List<Scope> parsed = scopes.isEmpty() ? List.of() : Arrays.stream(scopes.split(" ")).map(Scope::parse).toList();
        return new Grant(Role.parse(role), parsed);
    }

    @ParameterizedTest(name = "{0} [{1}] {2} {3}:{4} -> {5}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "read  | config:orders/*          | READ  | config   | orders/prod      | true",
            "read  | config:orders/*          | WRITE | config   | orders/prod      | false",
            "write | config:orders/*          | READ  | config   | orders/prod      | true",
            "write | config:orders/*          | WRITE | config   | billing/prod     | false",
            "write | config:*/prod            | WRITE | config   | billing/prod     | true",
            "write | config:*/prod            | WRITE | config   | billing/dev      | false",
            "read  | services:payments        | READ  | services | payments         | true",
            "read  | services:payments        | READ  | services | payments-eu      | false",
            "write | locks:nightly-*          | WRITE | locks    | nightly-report   | true",
            "write | locks:nightly-*          | WRITE | locks    | daily-report     | false",
            "write | elections:*              | WRITE | elections| anything         | true",
            "write | sessions:*               | WRITE | locks    | nightly          | false",
            "write | kv:/app/*                | WRITE | kv       | /app/a/b         | true",
            "write | kv:/app/*                | WRITE | kv       | /other           | false",
            "write | ''                       | WRITE | kv       | /app/a           | false",
            "write | ''                       | WRITE | config   | any/thing        | true",
            "read  | ''                       | WRITE | config   | any/thing        | false",
            "read  | config:orders/*          | READ  | config   | NULL             | false",
            "read  | config:*                 | READ  | config   | NULL             | true",
            "read  | ''                       | READ  | config   | NULL             | true",
            "read  | config:orders/?rod       | READ  | config   | orders/prod      | true",
            "read  | config:a.b/prod          | READ  | config   | aXb/prod         | false",
            "admin | ''                       | ADMIN | kv       | /beacon/auth/x   | true",
            "write | ''                       | ADMIN | NULL     | NULL             | false",
    })
    void aGrantAllowsWhatItsRoleAndScopesCover(String role, String scopes, Role needed, String family, String target, boolean allowed) {
        assertThat(grant(role.trim(), scopes.trim()).allows(needed, family == null ? null : family.trim(), target)).isEqualTo(allowed);
    }

    @Test
    void badScopesAndScopedAdminsAreRefused() {
        assertThatThrownBy(() -> Scope.parse("orders/*")).isInstanceOf(BeaconException.class).hasMessageContaining("family:glob");
        assertThatThrownBy(() -> Scope.parse("secrets:x")).hasMessageContaining("family must be one of");
        assertThatThrownBy(() -> Scope.parse("config:")).hasMessageContaining("glob");
        assertThatThrownBy(() -> grant("admin", "config:x")).hasMessageContaining("admin token cannot be scoped");
        assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("admin, write or read");
    }

    @Test
    void secretsAreLongRandomAndComparedByHash() {
        String a = Secrets.secret();
        assertThat(a).hasSize(43).isNotEqualTo(Secrets.secret());
        String hash = Secrets.hash(a);
        assertThat(hash).startsWith("sha256:").doesNotContain(a);
        assertThat(Secrets.matches(a, hash)).isTrue();
        assertThat(Secrets.matches(Secrets.secret(), hash)).isFalse();
        String token = Credential.format("bkn", Secrets.id(), a);
        assertThat(Credential.parse("bkn", token).secret()).isEqualTo(a);
        assertThat(Credential.parse("bkn", token + "x")).isNull();
        assertThat(Credential.parse("bks", token)).isNull();
    }
}
