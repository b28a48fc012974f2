package io.iomt.sdk.fitbit;

import static io.iomt.sdk.fitbit.WebhookTestSupport.SECRET;
import static io.iomt.sdk.fitbit.WebhookTestSupport.keysetJson;
import static io.iomt.sdk.fitbit.WebhookTestSupport.signedRequest;
import static io.iomt.sdk.fitbit.WebhookTestSupport.stepsUpsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.iomt.sdk.fitbit.WebhookTestSupport.RecordingListener;
import io.iomt.sdk.fitbit.WebhookTestSupport.TestKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WebhookReceiverConcurrencyTest {

    @Test
    @Timeout(30)
    void concurrentDuplicatesSyncOnce() throws Exception {
        TestKey key = new TestKey(41);
        RecordingListener listener = new RecordingListener();
        ExecutorService handOff = Executors.newFixedThreadPool(2);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        WebhookReceiver receiver = WebhookReceiver.builder().secret(SECRET)
                .keysetSource(WebhookKeysetSource.of(WebhookKeyset.parse(keysetJson(key))))
                .listener(listener).executor(handOff).build();
        WebhookRequest request = signedRequest(key, stepsUpsert());
        CountDownLatch start = new CountDownLatch(1);

        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                statuses.add(callers.submit(() -> {
                    start.await();
                    return receiver.handle(request).status();
                }));
            }
            start.countDown();
            for (Future<Integer> status : statuses) {
                assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(204);
            }
            handOff.shutdown();
            assertThat(handOff.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

            assertThat(listener.syncRequests).hasSize(1);
            assertThat(listener.duplicates).hasSize(15);
        } finally {
            callers.shutdownNow();
            handOff.shutdownNow();
        }
    }
}
