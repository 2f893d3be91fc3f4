package io.voiceload.platform.pms.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** The simulated PMS's two kinds of record, immutable; a change makes a new one. */
final class PmsRecords {

    private PmsRecords() {}

    /**
     * A guest profile.
     *
     * @param version 1 when seeded, raised by every accepted update
     */
    record Guest(
            String id,
            String firstName,
            String lastName,
            String email,
            String phone,
            String language,
            boolean vip,
            String preferences,
            int version,
            Instant updatedAt) {

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("firstName", firstName);
            json.put("lastName", lastName);
            json.put("email", email);
            json.put("phone", phone);
            json.put("language", language);
            json.put("vip", vip);
            json.put("preferences", preferences);
            json.put("version", version);
            json.put("updatedAt", updatedAt.toString());
            return json;
        }
    }

    /**
     * A reservation.
     *
     * @param changeSeq the store-wide change sequence number of its last change (for changed-since paging)
     */
    record Reservation(
            String confirmationNumber,
            String hotelId,
            String guestId,
            String firstName,
            String lastName,
            LocalDate arrival,
            LocalDate departure,
            String roomType,
            String status,
            int adults,
            long changeSeq,
            Instant updatedAt) {

        Reservation withStatus(String newStatus, long seq, Instant at) {
            return new Reservation(
                    confirmationNumber,
                    hotelId,
                    guestId,
                    firstName,
                    lastName,
                    arrival,
                    departure,
                    roomType,
                    newStatus,
                    adults,
                    seq,
                    at);
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("confirmationNumber", confirmationNumber);
            json.put("hotelId", hotelId);
            json.put("guestId", guestId);
            json.put("firstName", firstName);
            json.put("lastName", lastName);
            json.put("arrival", arrival.toString());
            json.put("departure", departure.toString());
            json.put("roomType", roomType);
            json.put("status", status);
            json.put("adults", adults);
            json.put("changeSeq", changeSeq);
            json.put("updatedAt", updatedAt.toString());
            return json;
        }
    }
}
