package io.iomt.sdk.fitbit;

/** Runs every test of {@link GoogleOAuthTest} with the JDK's HttpURLConnection in place of OkHttp. */
class GoogleOAuthOverUrlConnectionTest extends GoogleOAuthTest {

    @Override
    HttpStack httpStack() {
        return HttpStack.URL_CONNECTION;
    }
}
