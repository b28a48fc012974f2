package io.iomt.sdk.fitbit;

/** Runs every test of {@link GoogleHealthWearableTest} with the JDK's HttpURLConnection in place of OkHttp. */
class GoogleHealthWearableOverUrlConnectionTest extends GoogleHealthWearableTest {

    @Override
    HttpStack httpStack() {
        return HttpStack.URL_CONNECTION;
    }
}
