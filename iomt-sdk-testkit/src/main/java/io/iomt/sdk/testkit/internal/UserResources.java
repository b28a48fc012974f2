package io.iomt.sdk.testkit.internal;

import io.iomt.sdk.testkit.SimulatedUser;
import java.time.Instant;

/** Writes the per-user resources: identity and settings. */
final class UserResources {

    private UserResources() {
    }

    static SimResponse identity(SimulatedUser user) {
        return SimResponse.json(200, Json.write(generator -> {
            generator.writeStartObject();
            generator.writeStringField("name", "users/me/identity");
            generator.writeStringField("legacyUserId", user.legacyUserId());
            generator.writeStringField("healthUserId", user.healthUserId());
            generator.writeEndObject();
        }));
    }

    /** Returns the settings with the recording's zone and its offset at the recording's start. */
    static SimResponse settings(SimulatedUser user) {
        Instant at = user.data().span().start();
        int offset = user.data().zone().getRules().getOffset(at).getTotalSeconds();
        return SimResponse.json(200, Json.write(generator -> {
            generator.writeStartObject();
            generator.writeStringField("name", "users/me/settings");
            generator.writeStringField("timeZone", user.data().zone().getId());
            generator.writeStringField("utcOffset", PointJson.offset(offset));
            generator.writeStringField("distanceUnit", "KILOMETERS");
            generator.writeStringField("weightUnit", "KILOGRAMS");
            generator.writeEndObject();
        }));
    }
}
