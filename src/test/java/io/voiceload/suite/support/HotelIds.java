package io.voiceload.suite.support;

import java.util.UUID;

/**
 * Hotel ids of one test's own: the platform (or a deployment) is shared by every test and keeps what earlier
 * runs stored, so a test that counts what it stored counts it in a hotel no other run uses.
 */
public final class HotelIds {
    private HotelIds() {}

    /** {@code prefix}, a hyphen and 13 random characters: {@code cc-create-3f2a9c1e-84b0}. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }
}
