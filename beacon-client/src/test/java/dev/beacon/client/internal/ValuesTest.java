package dev.beacon.client.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValuesTest {
    @ParameterizedTest
    @CsvSource({"250ms,250", "10s,10000", "5m,300000", "2h,7200000", "1d,86400000", "PT1.5S,1500", "1500,1500", "' 3s ',3000"})
    void durationsParseInEveryAcceptedForm(String text, long millis) {
        assertThat(Values.toDuration("k", text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({"true,true", "YES,true", "on,true", "1,true", "false,false", "No,false", "off,false", "0,false"})
    void booleansAcceptTheCommonSpellings(String text, boolean value) {
        assertThat(Values.toBoolean("k", text)).isEqualTo(value);
    }

    @Test
    void badValuesNameTheKeyAndTheExpectedForm() {
        assertThatThrownBy(() -> Values.toInt("pool.size", "ten")).hasMessageContaining("pool.size").hasMessageContaining("whole number");
        assertThatThrownBy(() -> Values.toDuration("timeout", "soon")).hasMessageContaining("timeout").hasMessageContaining("duration");
        assertThatThrownBy(() -> Values.toBoolean("flag", "maybe")).hasMessageContaining("flag");
    }

    @Test
    void listsAreSplitOnCommasTrimmedAndWithoutEmptyElements() {
        assertThat(Values.toList(" a, b ,,c ,")).containsExactly("a", "b", "c");
        assertThat(Values.toList("")).isEmpty();
        assertThat(Values.toList("北京,München")).containsExactly("北京", "München");
    }
}
