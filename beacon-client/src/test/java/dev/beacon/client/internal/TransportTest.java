package dev.beacon.client.internal;

import dev.beacon.api.ErrorCode;
import dev.beacon.client.BeaconClientException;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class TransportTest {
    @Test
    void keysAreEncodedPerSegmentWithTheirSlashesKept() {
        assertThat(Transport.keyPath("db/url")).isEqualTo("db/url");
        assertThat(Transport.keyPath("a b/ü")).isEqualTo("a%20b/%C3%BC");
        assertThat(Transport.segment("orders")).isEqualTo("orders");
    }

    @Test
    void anErrorAnswerKeepsCodeStatusMessageAndHint() {
        BeaconClientException e = Transport.error(URI.create("http://a:1"), 409,
                "{\"error\":\"version mismatch\",\"code\":\"VERSION_CONFLICT\",\"hint\":\"read it again\"}");
        assertThat(e.code()).isEqualTo(ErrorCode.VERSION_CONFLICT);
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.getMessage()).isEqualTo("version mismatch");
        assertThat(e.hint()).isEqualTo("read it again");
        assertThat(e.kind()).isEqualTo(BeaconClientException.Kind.CONFLICT);
    }

    @Test
    void anAnswerWithoutAJsonBodyIsClassifiedByItsStatus() {
        assertThat(Transport.error(URI.create("http://a:1"), 404, "<html>").kind()).isEqualTo(BeaconClientException.Kind.NOT_FOUND);
        assertThat(Transport.error(URI.create("http://a:1"), 401, "").kind()).isEqualTo(BeaconClientException.Kind.UNAUTHORIZED);
        assertThat(BeaconClientException.unavailable("down", null).kind()).isEqualTo(BeaconClientException.Kind.UNAVAILABLE);
    }

    @Test
    void theWebSocketAddressFollowsTheServersScheme() {
        assertThat(WsShard.wsUri(URI.create("http://h:8080"))).isEqualTo(URI.create("ws://h:8080/api/v1/ws"));
        assertThat(WsShard.wsUri(URI.create("https://h"))).isEqualTo(URI.create("wss://h/api/v1/ws"));
    }
}
