package io.iomt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.AccessTokenSource;
import io.iomt.sdk.Connection;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.FetchRequest;
import io.iomt.sdk.Metric;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.ReceivedSeries;
import io.iomt.sdk.Series;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.fitbit.GoogleHealthConfig;
import io.iomt.sdk.fitbit.GoogleHealthDataType;
import io.iomt.sdk.fitbit.GoogleHealthException;
import io.iomt.sdk.fitbit.GoogleHealthListener;
import io.iomt.sdk.fitbit.GoogleHealthWearable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link GoogleHealthWearable#receive} against the simulator: what a later parse returns equals
 * what {@link GoogleHealthWearable#fetch} returns, over many pages, and a broken page yields an
 * error and no points.
 */
@Timeout(60)
class GoogleHealthReceiveTest {

    private static final RecordedData DATA = FitabaseRecording.bundled();
    private static final LocalDate DAY = FitabaseRecording.BUNDLED_FIRST_DAY.plusDays(1);
    private static final TimeRange DAY_RANGE = TimeRange.of(DAY.atStartOfDay(DATA.zone()).toInstant(),
            DAY.plusDays(1).atStartOfDay(DATA.zone()).toInstant());
    private static final ConnectionId CONNECTION = ConnectionId.of(SubjectId.of("receive-subject"),
            ProviderId.GOOGLE_HEALTH);

    private final PageEvents events = new PageEvents();
    private GoogleHealthSimulator simulator;
    private GoogleHealthWearable wearable;
    private AccessTokenSource tokens;

    @BeforeEach
    void start() {
        simulator = GoogleHealthSimulator.builder().user("receive-user", DATA).start();
        wearable = GoogleHealthWearable.create(GoogleHealthConfig.builder()
                .clientId(simulator.clientId())
                .clientSecret(simulator.clientSecret())
                .redirectUri(simulator.redirectUri())
                .allEndpointsAt(simulator.baseUrl().toString())
                .pageSize(500)
                .listener(events)
                .build());
        tokens = new BareToken(simulator.issueTokens("receive-user").accessToken());
    }

    @AfterEach
    void stop() {
        wearable.close();
        simulator.close();
    }

    private FetchRequest request(Metric metric, TimeRange range) {
        return new FetchRequest(Connection.active(CONNECTION, "receive-user", Set.of(), Instant.now()), metric, range,
                tokens);
    }

    @Test
    void heartRateOverManyPagesEqualsFetch() throws Exception {
        ReceivedSeries received = wearable.receive(request(Metric.HEART_RATE, DAY_RANGE));
        int pages = (int) simulator.requestCount(SimulatorEndpoint.DATA_POINTS);
        assertThat(events.pages).isEmpty();

        Series parsed = CompletableFuture.supplyAsync(received::parse).get();

        assertThat(pages).isGreaterThan(5);
        assertThat(parsed.size()).isEqualTo(DATA.heartRate().slice(DAY_RANGE).size());
        assertThat(parsed.contentEquals(wearable.fetch(request(Metric.HEART_RATE, DAY_RANGE)))).isTrue();
        List<PageEvent> parseEvents = events.pages.subList(0, pages);
        assertThat(parseEvents).extracting(PageEvent::pageNumber)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, pages).boxed().toList());
        assertThat(parseEvents).extracting(PageEvent::thread).doesNotContain(Thread.currentThread().getName());
        assertThat(parseEvents.stream().mapToInt(PageEvent::dataPoints).sum()).isEqualTo(parsed.size());
        assertThat(parseEvents).extracting(PageEvent::hasNextPage).last().isEqualTo(false);
        assertThat(parseEvents.subList(0, pages - 1)).allMatch(PageEvent::hasNextPage);
    }

    @Test
    void stepsEqualFetch() {
        Series parsed = wearable.receive(request(Metric.STEPS, DAY_RANGE)).parse();

        Series fetched = wearable.fetch(request(Metric.STEPS, DAY_RANGE));
        assertThat(parsed.size()).isEqualTo(DATA.steps().slice(DAY_RANGE).size());
        assertThat(parsed.contentEquals(fetched)).isTrue();
    }

    @Test
    void sleepWorksThroughReceive() {
        TimeRange week = FitabaseRecording.bundledRange();

        Series stages = wearable.receive(request(Metric.SLEEP_STAGE, week)).parse();
        Series sessions = wearable.receive(request(Metric.SLEEP_SESSION, week)).parse();

        assertThat(stages.isEmpty()).isFalse();
        assertThat(sessions.isEmpty()).isFalse();
        assertThat(stages.contentEquals(wearable.fetch(request(Metric.SLEEP_STAGE, week)))).isTrue();
        assertThat(sessions.contentEquals(wearable.fetch(request(Metric.SLEEP_SESSION, week)))).isTrue();
    }

    @Test
    void truncatedPageYieldsAnErrorAndNoPoints() {
        simulator.inject(SimulatedFault.truncatedPage().onDataType("heart-rate"));

        assertThatThrownBy(() -> wearable.receive(request(Metric.HEART_RATE, DAY_RANGE)).parse())
                .isInstanceOf(GoogleHealthException.class).hasMessageContaining("heart-rate")
                .hasMessageContaining("discarded");
        assertThat(events.pages).isEmpty();
        assertThat(wearable.receive(request(Metric.HEART_RATE, DAY_RANGE)).parse().size())
                .isEqualTo(DATA.heartRate().slice(DAY_RANGE).size());
    }

    @Test
    void secondParseFails() {
        ReceivedSeries received = wearable.receive(request(Metric.STEPS, DAY_RANGE));
        received.parse();

        assertThatThrownBy(received::parse).isInstanceOf(IllegalStateException.class);
    }

    /** One page event and the thread it fired on. */
    private record PageEvent(int pageNumber, int dataPoints, boolean hasNextPage, String thread) {
    }

    /** Records page events. */
    private static final class PageEvents implements GoogleHealthListener {
        final List<PageEvent> pages = new CopyOnWriteArrayList<>();

        @Override
        public void onPageFetched(ConnectionId connection, GoogleHealthDataType dataType, int pageNumber,
                int dataPoints, boolean hasNextPage) {
            pages.add(new PageEvent(pageNumber, dataPoints, hasNextPage, Thread.currentThread().getName()));
        }
    }

    /** A bare access token that the simulator accepts for the whole test. */
    private record BareToken(String accessToken) implements AccessTokenSource {

        @Override
        public String renewAfterRejection(String rejectedToken) {
            throw new IllegalStateException("the simulator rejected the test's access token");
        }

        @Override
        public String toString() {
            return "BareToken[<redacted>]";
        }
    }
}
