package io.iomt.sdk.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptEncodingTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "gzip | true",
        "GZIP | true",
        "deflate, gzip | true",
        "gzip;q=0.5 | true",
        "* | true",
        "x-gzip | true",
        "gzip;q=0 | false",
        "gzip; q=0.000, identity | false",
        "identity | false",
        "br, deflate | false",
        "'' | false",
        "NULL | false",
    })
    void acceptsGzip(String header, boolean expected) {
        assertThat(SimulatorHandler.acceptsGzip(header)).isEqualTo(expected);
    }
}
