package io.iomt.sdk.fitbit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PkceTest {

    @Test
    void challengeMatchesRfc7636AppendixB() {
        assertThat(Pkce.challengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void verifierIsUnreservedAndLongEnough() {
        String verifier = Pkce.newVerifier();

        assertThat(verifier).hasSizeBetween(43, 128).matches("[A-Za-z0-9._~-]+");
    }

    @Test
    void stateHas256RandomBits() {
        Set<String> states = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String state = Pkce.newState();
            assertThat(state).hasSize(43).matches("[A-Za-z0-9_-]+");
            states.add(state);
        }

        assertThat(states).hasSize(100);
    }

    @Test
    void constantTimeEquals() {
        assertThat(Pkce.constantTimeEquals("abc", "abc")).isTrue();
        assertThat(Pkce.constantTimeEquals("abc", "abd")).isFalse();
        assertThat(Pkce.constantTimeEquals("abc", "abcd")).isFalse();
    }
}
