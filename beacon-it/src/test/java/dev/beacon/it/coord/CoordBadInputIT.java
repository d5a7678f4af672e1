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
            "POST   | /api/v1/locks/bad%20name          | {\"ttl\":10}                           | is not valid | INVALID_NAME",
            "POST   | /api/v1/locks/a*b                 | {\"ttl\":10}                           | is not valid | INVALID_NAME",
            "POST   | /api/v1/locks/job                 | {}                                     | ttl is missing | BAD_REQUEST",
            "POST   | /api/v1/locks/job                 | {\"ttl\":1}                            | ttl must be between 2 and 300 | BAD_REQUEST",
            "POST   | /api/v1/locks/job                 | {\"ttl\":301}                          | ttl must be between 2 and 300 | BAD_REQUEST",
            "POST   | /api/v1/locks/job                 | {\"ttl\":\"soon\"}                     | field 'ttl' | BAD_REQUEST",
            "POST   | /api/v1/locks/job                 | {\"ttl\":10,\"waitMs\":-1}             | waitMs must be between 0 | BAD_REQUEST",
            "POST   | /api/v1/locks/job                 | {\"ttl\":10,\"waitMs\":300001}         | waitMs must be between 0 | BAD_REQUEST",
            "POST   | /api/v1/locks/job                 | {\"ttl\":10,\"owner\":\"a\\u0001b\"}   | control character | BAD_REQUEST",
            "POST   | /api/v1/locks/job                 | `{\"ttl\":10,`                         | malformed JSON | BAD_REQUEST",
            "POST   | /api/v1/locks/job                 | ``                                     | body is empty | BAD_REQUEST",
            "DELETE | /api/v1/locks/job                 | ``                                     | token is missing | BAD_REQUEST",
            "DELETE | /api/v1/locks/job?token=abc       | ``                                     | token must be a whole number | BAD_REQUEST",
            "DELETE | /api/v1/locks/job?token=0         | ``                                     | token must be a positive number | BAD_REQUEST",
            "DELETE | /api/v1/locks/job?token=-4        | ``                                     | token must be a positive number | BAD_REQUEST",
            "PUT    | /api/v1/locks/job/keepalive       | ``                                     | token is missing | BAD_REQUEST",
            "PUT    | /api/v1/locks/job/keepalive?token=x | ``                                   | token must be a whole number | BAD_REQUEST",
            // elections
            "POST   | /api/v1/elections/vote            | {\"ttl\":10}                           | candidate is missing | BAD_REQUEST",
            "POST   | /api/v1/elections/vote            | {\"candidate\":\"\",\"ttl\":10}        | candidate is missing | BAD_REQUEST",
            "POST   | /api/v1/elections/vote            | {\"candidate\":\"a\"}                  | ttl is missing | BAD_REQUEST",
            "POST   | /api/v1/elections/vote            | {\"candidate\":\"a\",\"ttl\":0}        | ttl must be between | BAD_REQUEST",
            "POST   | /api/v1/elections/vote            | {\"candidate\":\"a\",\"ttl\":5,\"waitMs\":-10} | waitMs must be between | BAD_REQUEST",
            "POST   | /api/v1/elections/bad%21name      | {\"candidate\":\"a\",\"ttl\":5}        | is not valid | INVALID_NAME",
            "PUT    | /api/v1/elections/vote/keepalive  | ``                                     | leaseId is missing | BAD_REQUEST",
            "PUT    | /api/v1/elections/vote/keepalive?leaseId=x | ``                            | leaseId must be a whole number | BAD_REQUEST",
            "DELETE | /api/v1/elections/vote            | ``                                     | leaseId is missing | BAD_REQUEST",
            "DELETE | /api/v1/elections/vote?leaseId=-1 | ``                                     | leaseId must be a positive number | BAD_REQUEST",
            // sessions
            "PUT    | /api/v1/sessions/s1               | {\"ttl\":10}                           | data is missing | BAD_REQUEST",
            "PUT    | /api/v1/sessions/s1               | {\"data\":[1,2],\"ttl\":10}            | data must be a JSON object, got an array | BAD_REQUEST",
            "PUT    | /api/v1/sessions/s1               | {\"data\":\"text\",\"ttl\":10}         | data must be a JSON object, got a string | BAD_REQUEST",
            "PUT    | /api/v1/sessions/s1               | {\"data\":{}}                          | ttl is missing | BAD_REQUEST",
            "PUT    | /api/v1/sessions/s1               | {\"data\":{},\"ttl\":1000}             | ttl must be between | BAD_REQUEST",
            "PUT    | /api/v1/sessions/s%3A1            | {\"data\":{},\"ttl\":10}               | is not valid | INVALID_NAME",
            "GET    | /api/v1/sessions/s1?consistent=maybe | ``                                  | consistent must be true or false | BAD_REQUEST",
    })
    void badInputAnswers400AndWritesNothing(String method, String path, String body, String message, String code) {
        TestHttp.Answer a = http.send(method, path, body == null || body.isEmpty() ? (method.equals("POST") ? "" : null) : body,
                java.util.Map.of());

        a.assertError(400, code, message);
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

    /** Nothing under /beacon/ but the server's own bookkeeping: its registration among the live servers, the history checkpoint. */
    private static void assertNothingStored() {
        assertThat(etcd.probe().keys("/beacon/")).as("keys under /beacon/").allMatch(k -> k.startsWith("/beacon/servers/") || k.equals("/beacon/meta/history-checkpoint"));
    }
}
