/**
 * Test kit for host applications: an offline Google Health API v4 simulator
 * ({@link io.iomt.sdk.testkit.GoogleHealthSimulator}) and a reader of Fitabase CSV exports
 * ({@link io.iomt.sdk.testkit.FitabaseRecording}) with a bundled recording of real Fitbit data.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * ManualClock clock = ManualClock.at(Instant.parse("2026-12-04T12:00:00Z"));
 * try (GoogleHealthSimulator simulator = GoogleHealthSimulator.builder()
 *         .user("demo-user", FitabaseRecording.bundled())
 *         .clock(clock)
 *         .start()) {
 *     // Configure the client under test with simulator.baseUrl(), authorizationUrl(), tokenUrl(),
 *     // revokeUrl(), clientId(), clientSecret() and redirectUri(), then let it build its
 *     // authorization request (PKCE S256, state, access_type=offline) and consent as a browser would:
 *     URI callback = simulator.approve(authorizationRequestBuiltByTheClient);
 *     // callback carries code and state; the client exchanges the code at tokenUrl().
 *
 *     simulator.inject(SimulatedFault.status(503).times(2));  // the next two data requests fail
 *     clock.advance(Duration.ofHours(1));                     // every access token has expired
 * }
 * }</pre>
 *
 * <h2>Endpoints</h2>
 * All on {@code http://127.0.0.1:PORT/}, a free port chosen at start, or on HTTPS with
 * {@link io.iomt.sdk.testkit.GoogleHealthSimulator.Builder#https}:
 * <ul>
 *   <li>{@code GET /o/oauth2/v2/auth}: checks {@code client_id} and {@code redirect_uri}
 *       (rejected with 401 {@code invalid_client} or 400 {@code redirect_uri_mismatch}, without
 *       a redirect), then {@code response_type=code}, {@code code_challenge} with
 *       {@code code_challenge_method=S256}, a non-empty {@code state}, {@code access_type}
 *       ({@code online} or {@code offline}) and {@code googlehealth.*} or OpenID scopes (a
 *       problem redirects back with {@code error}). It consents at once for the user named by
 *       {@code login_hint}, or else the first registered user, and redirects with {@code code},
 *       {@code scope} and {@code state}. Codes last 10 minutes and are spent by the first
 *       exchange attempt.</li>
 *   <li>{@code POST /token} (form): client authentication by form fields or HTTP Basic;
 *       {@code authorization_code} checks the code, the redirect URI and the PKCE
 *       {@code code_verifier}; {@code refresh_token} follows the
 *       {@link io.iomt.sdk.testkit.RefreshTokenMode}. Errors are OAuth JSON:
 *       {@code invalid_request}, {@code invalid_client} (401), {@code invalid_grant},
 *       {@code redirect_uri_mismatch}, {@code unsupported_grant_type}. Access tokens last
 *       {@code accessTokenLifetime} (default 3,600 s) on the injected clock; a refresh token is
 *       issued only for {@code access_type=offline}.</li>
 *   <li>{@code POST /revoke} with {@code token}: revokes the whole grant (access and refresh
 *       tokens); an unknown or revoked token gets 400 {@code invalid_token}.</li>
 *   <li>{@code GET /v4/users/{user}/dataTypes/{type}/dataPoints}, {@code /identity} and
 *       {@code /settings}: need {@code Authorization: Bearer}; {@code {user}} is {@code me} or
 *       the token's health user id. A missing, unknown, revoked or expired token gets 401
 *       {@code UNAUTHENTICATED} ({@code CREDENTIALS_MISSING}, {@code INVALID_AUTHENTICATOR},
 *       {@code ACCESS_TOKEN_EXPIRED}); a token without the type's read scope gets 403
 *       {@code ACCESS_TOKEN_SCOPE_INSUFFICIENT}. Every other path gets 404.</li>
 * </ul>
 * Error bodies of the data API are {@code google.rpc.Status} envelopes
 * ({@code {"error": {code, message, status, details: [ErrorInfo]}}}).
 *
 * <h2>Data</h2>
 * {@code heart-rate}, {@code steps} and {@code sleep} (classic logs with stages and a summary)
 * come from the user's {@link io.iomt.sdk.testkit.RecordedData}. {@code heart-rate-variability},
 * {@code daily-heart-rate-variability}, {@code daily-resting-heart-rate},
 * {@code oxygen-saturation}, {@code daily-oxygen-saturation}, {@code daily-respiratory-rate},
 * {@code respiratory-rate-sleep-summary}, {@code activity-level} and {@code sedentary-period} are
 * <b>synthetic</b>: derived from the recording by fixed formulas and a deterministic hash, and
 * marked with data source device {@code "iomt-testkit synthetic"} and recording method
 * {@code DERIVED}. Other known Google Health types return an empty list; an unknown type (such as
 * {@code heartRate}) gets 400 {@code INVALID_PARENT_DATA_TYPE_COLLECTION}.
 *
 * <p>Points are JSON as the API sends them: {@code sampleTime} with {@code physicalTime},
 * {@code utcOffset} and {@code civilTime}; {@code interval} with start and end times, offsets
 * and civil times; daily {@code date}; int64 values as strings; proto3 defaults left out.
 * Results are newest first. {@code pageSize} defaults to 1,440 and is capped at 10,000 (sleep:
 * 25 and 25). {@code nextPageToken} is opaque, bound to the data type, the user and the filter,
 * and absent on the last page; an empty page has no {@code dataPoints} key. Bodies of 32 bytes
 * or more are sent gzip-compressed ({@code Content-Encoding: gzip}) when the request's
 * {@code Accept-Encoding} allows it. A page that is the same for every user (no sleep session
 * names, no {@code nextPageToken}) is rendered and compressed once per recording and then reused.
 *
 * <p>The {@code filter} accepts the documented AIP-160 subset: comparisons with {@code >=} or
 * {@code <} on a quoted literal, joined by {@code AND} and {@code OR} (which binds tighter) and
 * grouped with parentheses. Sample types take {@code {type}.sample_time.physical_time} and
 * {@code .civil_time}; interval types {@code {type}.interval.start_time},
 * {@code .civil_start_time}, {@code .end_time} and {@code .civil_end_time}; sleep only
 * {@code sleep.interval.end_time} and {@code .civil_end_time}; daily types only
 * {@code {type}.date}. Any other field gets 400 {@code INVALID_DATA_POINT_FILTER_DATA_TYPE_MEMBER}
 * (as the real API answers start-time filters on sleep and daily types), a field of another type
 * {@code INVALID_DATA_POINT_FILTER_MIXED_DATA_TYPE}, and bad syntax {@code INVALID_FILTER_FORMAT}.
 *
 * <h2>Quota, latency and faults</h2>
 * Data requests count against a per-user quota (default 300 in any rolling minute of the
 * injected clock); beyond it they get 429 {@code RESOURCE_EXHAUSTED} without consuming quota.
 * A {@link io.iomt.sdk.testkit.SimulatedUser} may add latency to each of its requests.
 * {@link io.iomt.sdk.testkit.SimulatedFault}s replace or reshape the next responses: error
 * statuses with or without {@code Retry-After}, delays, truncated JSON pages, HTML pages with
 * status 200, connection resets, empty pages carrying a token, short pages and repeated page
 * tokens.
 *
 * <p>Every parameter and return value in this package is non-null unless marked
 * {@code @Nullable}. Types under {@code io.iomt.sdk.testkit.internal} are not part of the API.
 */
@NullMarked
package io.iomt.sdk.testkit;

import org.jspecify.annotations.NullMarked;
