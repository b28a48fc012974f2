package io.iomt.sdk.fitbit;

/** Runs every test of {@link GoogleHealthWearableReceiveTest} with the JDK's HttpURLConnection in place of OkHttp. */
class GoogleHealthWearableReceiveOverUrlConnectionTest extends GoogleHealthWearableReceiveTest {

    @Override
    HttpStack httpStack() {
        return HttpStack.URL_CONNECTION;
    }
}
