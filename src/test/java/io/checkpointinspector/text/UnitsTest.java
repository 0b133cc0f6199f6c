package io.checkpointinspector.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Sizes, counts and durations in words, for the command line and the window. */
class UnitsTest {

    @Test
    void unitsAreHumanAndExact() {
        assertThat(Units.bytes(0)).isEqualTo("0 B");
        assertThat(Units.bytes(1023)).isEqualTo("1023 B");
        assertThat(Units.bytes(1460733)).isEqualTo("1.39 MiB");
        assertThat(Units.bytes(1153506224L)).isEqualTo("1.07 GiB");
        assertThat(Units.exactBytes(1460733)).isEqualTo("1,460,733 bytes");
        assertThat(Units.micros(946L)).isEqualTo("946 µs");
        assertThat(Units.micros(101690L)).isEqualTo("101.7 ms");
        assertThat(Units.micros(null)).isEqualTo("—");
    }
}
