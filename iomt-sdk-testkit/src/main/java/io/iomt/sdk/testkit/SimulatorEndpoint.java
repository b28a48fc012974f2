package io.iomt.sdk.testkit;

/** The endpoints of the {@link GoogleHealthSimulator}, for request counts and fault targeting. */
public enum SimulatorEndpoint {
    /** {@code GET /o/oauth2/v2/auth}, the authorization (consent) endpoint. */
    AUTHORIZE,
    /** {@code POST /token}, code exchange and refresh. */
    TOKEN,
    /** {@code POST /revoke}. */
    REVOKE,
    /** {@code GET /v4/users/{user}/dataTypes/{type}/dataPoints}. */
    DATA_POINTS,
    /** {@code GET /v4/users/{user}/identity}. */
    IDENTITY,
    /** {@code GET /v4/users/{user}/settings}. */
    SETTINGS,
    /** Any other path; answered with 404. */
    OTHER
}
