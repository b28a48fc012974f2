package io.iomt.sdk.fitbit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.iomt.sdk.AccessTokenSource;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.Metric;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.SubjectId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** Clocks, sleepers, token sources and listeners shared by the client tests. */
final class ClientTestSupport {

    static final ConnectionId CONNECTION = ConnectionId.of(SubjectId.of("subject-1"), ProviderId.GOOGLE_HEALTH);

    private ClientTestSupport() {
    }

    static WireMockServer startServer() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1").dynamicPort().jettyAcceptors(1).containerThreads(8));
        server.start();
        return server;
    }

    /** A clock that moves only when a test advances it. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Records waits and advances the clock instead of sleeping. */
    static final class RecordingSleeper implements Sleeper {
        final List<Duration> waits = new CopyOnWriteArrayList<>();
        private final MutableClock clock;

        RecordingSleeper(MutableClock clock) {
            this.clock = clock;
        }

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
            clock.advance(duration);
        }
    }

    /** Hands out {@code access-1}, and {@code access-2}, {@code access-3}... after each rejection. */
    static final class CountingTokens implements AccessTokenSource {
        final AtomicInteger renewals = new AtomicInteger();
        private volatile String current = "access-1";

        @Override
        public String accessToken() {
            return current;
        }

        @Override
        public String renewAfterRejection(String rejectedToken) {
            current = "access-" + (renewals.incrementAndGet() + 1);
            return current;
        }
    }

    /** Records every listener event as a short line. */
    static final class RecordingListener implements GoogleHealthListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onRateLimited(@Nullable ConnectionId connection, String request, @Nullable Duration retryAfter) {
            events.add("rateLimited " + retryAfter);
        }

        @Override
        public void onRetry(@Nullable ConnectionId connection, String request, int attempt, int httpStatus,
                Duration delay) {
            events.add("retry " + attempt + " " + httpStatus);
        }

        @Override
        public void onThrottled(ConnectionId connection, Duration waited) {
            events.add("throttled " + waited.toMillis());
        }

        @Override
        public void onTokenRejected(@Nullable ConnectionId connection, String request) {
            events.add("tokenRejected");
        }

        @Override
        public void onPageFetched(ConnectionId connection, GoogleHealthDataType dataType, int pageNumber,
                int dataPoints, boolean hasNextPage) {
            events.add("page " + pageNumber + " " + dataPoints + " " + hasNextPage);
        }

        @Override
        public void onPointsSkipped(ConnectionId connection, GoogleHealthDataType dataType, Metric metric, int count) {
            events.add("skipped " + metric.id() + " " + count);
        }

        long count(String prefix) {
            return events.stream().filter(event -> event.startsWith(prefix)).count();
        }
    }

    /** Returns a heart-rate page body with one point per {@code seconds} offset after 2026-12-01T00:00Z. */
    static String heartRatePage(@Nullable String nextPageToken, int... seconds) {
        StringBuilder body = new StringBuilder("{\"dataPoints\":[");
        for (int i = 0; i < seconds.length; i++) {
            if (i > 0) {
                body.append(',');
            }
            Instant time = Instant.parse("2026-12-01T00:00:00Z").plusSeconds(seconds[i]);
            body.append("{\"dataSource\":{\"platform\":\"FITBIT\"},\"heartRate\":{\"sampleTime\":{\"physicalTime\":\"")
                    .append(time).append("\",\"utcOffset\":\"-18000s\"},\"beatsPerMinute\":\"")
                    .append(60 + seconds[i] % 50).append("\"}}");
        }
        body.append(']');
        if (nextPageToken != null) {
            body.append(",\"nextPageToken\":\"").append(nextPageToken).append('"');
        }
        return body.append('}').toString();
    }
}
