package dev.beacon.it.coord;

import dev.beacon.testkit.BeaconExtension;
import dev.beacon.testkit.EtcdExtension;
import dev.beacon.testkit.TestHttp;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bad input to locks, elections and sessions answers a clear 400 and writes nothing to etcd. */
class CoordBadInputIT {
    @RegisterExtension @Order(1) static EtcdExtension etcd = EtcdExtension.singleNode();
    @RegisterExtension @Order(2) static BeaconExtension beacon = BeaconExtension.on(etcd);

    private final TestHttp http = beacon.http();

    @ParameterizedTest(name = "{0} {1} {2} -> 400")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // locks
            "POST   | /api/v1/locks/bad%20name          | {\"ttl\":10}                           | is not valid",
            "POST   | /api/v1/locks/a*b                 | {\"ttl\":10}                           | is not valid",
            "POST   | /api/v1/locks/job                 | {}                                     | ttl is missing",
            "POST   | /api/v1/locks/job                 | {\"ttl\":1}                            | ttl must be between 2 and 300",
            "POST   | /api/v1/locks/job                 | {\"ttl\":301}                          | ttl must be between 2 and 300",
            "POST   | /api/v1/locks/job                 | {\"ttl\":\"soon\"}                     | field 'ttl'",
            "POST   | /api/v1/locks/job                 | {\"ttl\":10,\"waitMs\":-1}             | waitMs must be between 0",
            "POST   | /api/v1/locks/job                 | {\"ttl\":10,\"waitMs\":300001}         | waitMs must be between 0",
            "POST   | /api/v1/locks/job                 | {\"ttl\":10,\"owner\":\"a\\u0001b\"}   | control character",
            "POST   | /api/v1/locks/job                 | `{\"ttl\":10,`                         | malformed JSON",
            "POST   | /api/v1/locks/job                 | ``                                     | body is empty",
            "DELETE | /api/v1/locks/job                 | ``                                     | token is missing",
            "DELETE | /api/v1/locks/job?token=abc       | ``                                     | token must be a whole number",
            "DELETE | /api/v1/locks/job?token=0         | ``                                     | token must be a positive number",
            "DELETE | /api/v1/locks/job?token=-4        | ``                                     | token must be a positive number",
            "PUT    | /api/v1/locks/job/keepalive       | ``                                     | token is missing",
            "PUT    | /api/v1/locks/job/keepalive?token=x | ``                                   | token must be a whole number",
            // elections
            "POST   | /api/v1/elections/vote            | {\"ttl\":10}                           | candidate is missing",
            "POST   | /api/v1/elections/vote            | {\"candidate\":\"\",\"ttl\":10}        | candidate is missing",
            "POST   | /api/v1/elections/vote            | {\"candidate\":\"a\"}                  | ttl is missing",
            "POST   | /api/v1/elections/vote            | {\"candidate\":\"a\",\"ttl\":0}        | ttl must be between",
            "POST   | /api/v1/elections/vote            | {\"candidate\":\"a\",\"ttl\":5,\"waitMs\":-10} | waitMs must be between",
            "POST   | /api/v1/elections/bad%21name      | {\"candidate\":\"a\",\"ttl\":5}        | is not valid",
            "PUT    | /api/v1/elections/vote/keepalive  | ``                                     | leaseId is missing",
            "PUT    | /api/v1/elections/vote/keepalive?leaseId=x | ``                            | leaseId must be a whole number",
            "DELETE | /api/v1/elections/vote            | ``                                     | leaseId is missing",
            "DELETE | /api/v1/elections/vote?leaseId=-1 | ``                                     | leaseId must be a positive number",
            // sessions
            "PUT    | /api/v1/sessions/s1               | {\"ttl\":10}                           | data is missing",
            "PUT    | /api/v1/sessions/s1               | {\"data\":[1,2],\"ttl\":10}            | data must be a JSON object, got an array",
            "PUT    | /api/v1/sessions/s1               | {\"data\":\"text\",\"ttl\":10}         | data must be a JSON object, got a string",
            "PUT    | /api/v1/sessions/s1               | {\"data\":{}}                          | ttl is missing",
            "PUT    | /api/v1/sessions/s1               | {\"data\":{},\"ttl\":1000}             | ttl must be between",
            "PUT    | /api/v1/sessions/s%3A1            | {\"data\":{},\"ttl\":10}               | is not valid",
            "GET    | /api/v1/sessions/s1?consistent=maybe | ``                                  | consistent must be true or false",
    })
    void badInputAnswers400AndWritesNothing(String method, String path, String body, String message) {
        TestHttp.Answer a = http.send(method, path, body == null || body.isEmpty() ? (method.equals("POST") ? "" : null) : body,
                java.util.Map.of());

        assertThat(a.status()).as(a.text()).isEqualTo(400);
        assertThat(a.json().get("code").asText()).isIn("BAD_REQUEST", "INVALID_NAME");
        assertThat(a.json().get("error").asText()).contains(message);
        assertNothingStored();
    }

    @Test
    void aNameOfMoreThan128CharactersIsRefused() {
        TestHttp.Answer a = http.post("/api/v1/locks/" + "n".repeat(129), "{\"ttl\":10}");
        a.assertError(400, "INVALID_NAME");
        assertNothingStored();
    }

    @Test
    void aCandidateOfMoreThan256CharactersIsRefused() {
        TestHttp.Answer a = http.post("/api/v1/elections/vote", TestHttp.json(java.util.Map.of("candidate", "c".repeat(257), "ttl", 5)));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).contains("at most 256");
        assertNothingStored();
    }

    /** Nothing under /beacon/ but the server's own registration among the live servers. */
    private static void assertNothingStored() {
        assertThat(etcd.probe().keys("/beacon/")).as("keys under /beacon/").allMatch(k -> k.startsWith("/beacon/servers/"));
    }
}
