package io.iomt.sdk.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PointTablePagesTest {

    @Test
    void keepsFirstBody() {
        PointTable table = PointTable.empty(DataTypeSpec.byId("steps"));
        ResponseBody kept = table.keepPage("k", bytes("first"));

        assertThat(table.keepPage("k", bytes("second"))).isSameAs(kept);
        assertThat(table.cachedPage("k")).isSameAs(kept);
        assertThat(table.cachedPage("other")).isNull();
    }

    @Test
    void cacheBounded() {
        PointTable table = PointTable.empty(DataTypeSpec.byId("steps"));
        for (int i = 0; i < PointTable.MAX_CACHED_PAGES + 10; i++) {
            ResponseBody body = table.keepPage("page-" + i, bytes("body-" + i));
            assertThat(body.bytes()).isEqualTo(bytes("body-" + i));
        }

        assertThat(table.cachedPages()).isEqualTo(PointTable.MAX_CACHED_PAGES);
        assertThat(table.cachedPage("page-" + PointTable.MAX_CACHED_PAGES)).isNull();
    }

    @Test
    void gzipKept() {
        ResponseBody body = new ResponseBody(bytes("{\"dataPoints\":[]}"));

        assertThat(body.gzipped()).isSameAs(body.gzipped());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
