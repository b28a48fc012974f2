package io.iomt.sdk.internal.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.PropertySeeds;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BoundedCacheTest {

    @Test
    void putGetInvalidate() {
        BoundedCache<String, Integer> cache = BoundedCache.create(10);

        cache.put("a", 1);
        cache.put("a", 2);

        assertThat(cache.getIfPresent("a")).isEqualTo(2);
        assertThat(cache.getIfPresent("b")).isNull();
        cache.invalidate("a");
        assertThat(cache.getIfPresent("a")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void boundKeepsNewestKey() {
        BoundedCache<Integer, Integer> cache = BoundedCache.create(100);

        for (int i = 0; i < 1_000; i++) {
            cache.put(i, i);
            assertThat(cache.size()).isLessThanOrEqualTo(100);
            assertThat(cache.getIfPresent(i)).isEqualTo(i);
        }

        assertThat(cache.size()).isEqualTo(100);
    }

    @Test
    void replaceEvictsNothing() {
        BoundedCache<Integer, String> cache = BoundedCache.create(3);
        cache.put(1, "a");
        cache.put(2, "b");
        cache.put(3, "c");

        cache.put(2, "B");

        assertThat(cache.getIfPresent(1)).isEqualTo("a");
        assertThat(cache.getIfPresent(2)).isEqualTo("B");
        assertThat(cache.getIfPresent(3)).isEqualTo("c");
    }

    @Test
    void sizeOneHoldsLastKey() {
        BoundedCache<String, String> cache = BoundedCache.create(1);

        cache.put("a", "1");
        cache.put("b", "2");

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.getIfPresent("b")).isEqualTo("2");
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> BoundedCache.create(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maximumSize must be >= 1, got 0");
        BoundedCache<String, String> cache = BoundedCache.create(1);
        assertThatThrownBy(() -> cache.put("a", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> cache.getIfPresent(null)).isInstanceOf(NullPointerException.class);
    }

    static LongStream seeds() {
        return PropertySeeds.seeds();
    }

    /** Random operations against a map model: values are never stale and the bound always holds. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomOperations(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int bound = 1 + random.nextInt(20);
        BoundedCache<Integer, Integer> cache = BoundedCache.create(bound);
        Map<Integer, Integer> lastPut = new HashMap<>();
        String replay = " (replay with -Dprops.seed=" + seed + ")";

        for (int step = 0; step < 2_000; step++) {
            int key = random.nextInt(3 * bound);
            int operation = random.nextInt(3);
            if (operation == 0) {
                int value = random.nextInt();
                cache.put(key, value);
                lastPut.put(key, value);
                assertThat(cache.getIfPresent(key)).as("just put" + replay).isEqualTo(value);
            } else if (operation == 1) {
                cache.invalidate(key);
                lastPut.remove(key);
                assertThat(cache.getIfPresent(key)).as("invalidated" + replay).isNull();
            } else {
                Integer cached = cache.getIfPresent(key);
                if (cached != null) {
                    assertThat(cached).as("cached value of key " + key + replay).isEqualTo(lastPut.get(key));
                }
            }
            assertThat(cache.size()).as("size" + replay).isLessThanOrEqualTo(bound);
        }
    }

    @Test
    @Timeout(30)
    void concurrentPutsRespectBound() throws Exception {
        BoundedCache<Integer, Integer> cache = BoundedCache.create(1_000);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            Future<?>[] results = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                int offset = t * 10_000;
                results[t] = pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 10_000; i++) {
                        int key = offset + i;
                        cache.put(key, -key);
                        Integer read = cache.getIfPresent(key - 1);
                        if (read != null && read != -(key - 1)) {
                            throw new AssertionError("key " + (key - 1) + " maps to " + read);
                        }
                        if (i % 7 == 0) {
                            cache.invalidate(key);
                        }
                    }
                    return null;
                });
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(cache.size()).isLessThanOrEqualTo(1_000).isPositive();
        for (int key = 0; key < threads * 10_000; key++) {
            Integer value = cache.getIfPresent(key);
            assertThat(value == null || value == -key).as("value of key %d", key).isTrue();
        }
    }
}
