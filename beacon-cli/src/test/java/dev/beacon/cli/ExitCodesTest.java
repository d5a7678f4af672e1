package dev.beacon.cli;

import dev.beacon.api.ErrorCode;
import dev.beacon.client.BeaconClientException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExitCodesTest {
    private static BeaconClientException failure(ErrorCode code, int status) {
        return new BeaconClientException(code, status, "it failed\nover two lines", null, null);
    }

    @Test
    void everyKindOfFailureHasItsDocumentedCode() {
        assertThat(ExitCodes.of(failure(ErrorCode.NOT_FOUND, 404))).isEqualTo(3);
        assertThat(ExitCodes.of(failure(ErrorCode.NOT_REGISTERED, 404))).isEqualTo(3);
        assertThat(ExitCodes.of(failure(ErrorCode.VERSION_CONFLICT, 409))).isEqualTo(4);
        assertThat(ExitCodes.of(failure(ErrorCode.LOCK_HELD, 409))).isEqualTo(4);
        assertThat(ExitCodes.of(BeaconClientException.unavailable("no server answered", null))).isEqualTo(5);
        assertThat(ExitCodes.of(failure(ErrorCode.ETCD_UNAVAILABLE, 503))).isEqualTo(5);
        assertThat(ExitCodes.of(failure(ErrorCode.UNAUTHORIZED, 401))).isEqualTo(6);
        assertThat(ExitCodes.of(failure(ErrorCode.FORBIDDEN, 403))).isEqualTo(6);
        assertThat(ExitCodes.of(failure(ErrorCode.INVALID_NAME, 400))).isEqualTo(2);
        assertThat(ExitCodes.of(failure(ErrorCode.INTERNAL, 500))).isEqualTo(1);
    }

    @Test
    void theMessageIsOneLineWithAHint() {
        String line = ExitCodes.message(failure(ErrorCode.UNAUTHORIZED, 401));
        assertThat(line).doesNotContain("\n").startsWith("it failed over two lines").contains("hint: check --token");
        assertThat(ExitCodes.message(BeaconClientException.unavailable("gone", null))).contains("hint:");
    }
}
