package io.iomt.sdk.fitbit;

import static io.iomt.sdk.fitbit.WebhookTestSupport.SECRET;
import static io.iomt.sdk.fitbit.WebhookTestSupport.keysetJson;
import static io.iomt.sdk.fitbit.WebhookTestSupport.signedRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.iomt.sdk.fitbit.WebhookTestSupport.QueuedExecutor;
import io.iomt.sdk.fitbit.WebhookTestSupport.TestKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-style checks that no body or signature header makes the receiver throw. The 100 case
 * seeds come from a generator with a fixed seed, or {@code -Dprops.seed} replays one case. Each
 * failure message names its seed.
 */
class WebhookReceiverFuzzTest {

    private static final String VALID = "[{\"data\":{\"version\":\"1\",\"healthUserId\":\"user-1\","
            + "\"operation\":\"UPSERT\",\"dataType\":\"steps\",\"intervals\":[{\"physicalTimeInterval\":"
            + "{\"startTime\":\"2026-12-01T07:15:00Z\",\"endTime\":\"2026-12-01T07:20:00Z\"},"
            + "\"civilIso8601TimeInterval\":{\"startTime\":\"2026-12-01T08:15:00\",\"endTime\":\"2026-12-01T08:20:00\"}}]}}]";
    private static final String ALPHABET = "{}[]\":,0123456789-TZ.a \\nul";

    private static final TestKey KEY = new TestKey(31);
    private static final WebhookReceiver RECEIVER = WebhookReceiver.builder().secret(SECRET)
            .keysetSource(WebhookKeysetSource.of(WebhookKeyset.parse(keysetJson(KEY))))
            .listener(request -> { })
            .executor(new QueuedExecutor())
            .deduplicator(WebhookDeduplicator.disabled())
            .build();

    static LongStream seeds() {
        String replay = System.getProperty("props.seed");
        if (replay != null) {
            return LongStream.of(Long.parseLong(replay));
        }
        return new Random(20261204L).longs(100);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void mutatedSignedBodyNeverThrows(long seed) {
        Random random = new Random(seed);
        byte[] body = mutate(VALID, random).getBytes(StandardCharsets.UTF_8);
        WebhookResponse response = RECEIVER.handle(signedRequest(KEY, body));

        assertThat(response.status()).as("seed %d (replay with -Dprops.seed=%d), body %s", seed, seed,
                new String(body, StandardCharsets.UTF_8)).isIn(204, 400);
        if (response.status() == 400) {
            assertThat(response.bodyText()).as("seed %d", seed).isNotBlank();
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomSignatureRejected(long seed) {
        Random random = new Random(seed);
        byte[] signature = new byte[random.nextInt(90)];
        random.nextBytes(signature);
        if (signature.length > 0 && random.nextBoolean()) {
            signature[0] = 0x01;
        }
        WebhookRequest request = WebhookRequest.builder().header("Authorization", SECRET)
                .header(WebhookReceiver.SIGNATURE_HEADER, Base64.getEncoder().encodeToString(signature))
                .body(VALID.getBytes(StandardCharsets.UTF_8)).build();

        WebhookResponse response = RECEIVER.handle(request);

        assertThat(response.status()).as("seed %d (replay with -Dprops.seed=%d)", seed, seed).isEqualTo(401);
    }

    private static String mutate(String text, Random random) {
        StringBuilder mutated = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && mutated.length() > 0; i++) {
            int position = random.nextInt(mutated.length());
            char replacement = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            switch (random.nextInt(3)) {
                case 0 -> mutated.setCharAt(position, replacement);
                case 1 -> mutated.insert(position, replacement);
                default -> mutated.deleteCharAt(position);
            }
        }
        return mutated.toString();
    }
}
