package io.voiceload.platform.pms.simulator;

import io.voiceload.platform.pms.simulator.PmsRecords.Guest;
import io.voiceload.platform.pms.simulator.PmsRecords.Reservation;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;

/**
 * The simulated PMS's data, in memory and thread-safe: guests and reservations of the three demo hotels,
 * seeded deterministically (the same seed gives the same data, byte for byte, in every run). Every
 * change takes the next store-wide change sequence number, so a client can page through "everything
 * changed since n" ({@link #changesSince}). A primary and a secondary simulator may share one instance:
 * that is how they "replicate" (synchronously and perfectly).
 *
 * <p>Guest names are not updatable (as in real PMSs, a name change is a front-desk procedure), so a
 * reservation's copy of its guest's name never goes stale.
 */
public final class PmsData {

    /** The demo hotels and the prefixes of their confirmation numbers. */
    public static final Map<String, String> HOTELS =
            Map.of("grand-zurich", "GZ", "harbour-sydney", "HS", "lakeside-chicago", "LC");

    /** Hotels in a fixed order, so that seeding is deterministic. */
    public static final List<String> HOTEL_IDS = List.of("grand-zurich", "harbour-sydney", "lakeside-chicago");

    public static final int DEFAULT_GUESTS = 3_000;
    public static final int DEFAULT_RESERVATIONS_PER_HOTEL = 1_800;
    public static final long DEFAULT_SEED = 20_261_122L;

    /** Statuses a reservation may have. */
    public static final List<String> RESERVATION_STATUSES = List.of("booked", "checked_in", "checked_out", "cancelled");

    private static final List<String> FIRST_NAMES = List.of(
            "Anna", "Ben", "Chloe", "David", "Elena", "Felix", "Grace", "Hugo", "Ines", "Jonas", "Kara", "Liam", "Mia",
            "Noah", "Olivia", "Paul", "Quinn", "Rosa", "Sam", "Tara", "Ugo", "Vera", "Will", "Xena", "Yusuf", "Zoe",
            "Aiko", "Bruno", "Carla", "Dmitri", "Emma", "Farid", "Greta", "Hana", "Ivan", "Julia", "Kenji", "Lena",
            "Marco", "Nina");
    private static final List<String> LAST_NAMES = List.of(
            "Smith",
            "Muller",
            "Rossi",
            "Tanaka",
            "Garcia",
            "Dubois",
            "Novak",
            "Kowalski",
            "Jensen",
            "Silva",
            "Brown",
            "Schneider",
            "Bianchi",
            "Suzuki",
            "Lopez",
            "Moreau",
            "Horvat",
            "Nowak",
            "Hansen",
            "Costa",
            "Taylor",
            "Fischer",
            "Romano",
            "Sato",
            "Martinez",
            "Laurent",
            "Kovac",
            "Wisniewski",
            "Nielsen",
            "Santos",
            "Wilson",
            "Weber",
            "Colombo",
            "Ito",
            "Sanchez",
            "Lefebvre",
            "Babic",
            "Wojcik",
            "Larsen",
            "Pereira",
            "Davies",
            "Meyer",
            "Ricci",
            "Kato",
            "Perez",
            "Girard",
            "Juric",
            "Kaminski",
            "Olsen",
            "Ferreira",
            "Evans",
            "Wagner",
            "Marino",
            "Yamamoto",
            "Gomez",
            "Bonnet",
            "Maric",
            "Lewandowski",
            "Pedersen",
            "Oliveira",
            "Thomas",
            "Becker",
            "Greco",
            "Nakamura",
            "Diaz",
            "Fontaine",
            "Petrovic",
            "Zielinski",
            "Andersen",
            "Rodrigues",
            "Roberts",
            "Hoffmann",
            "Bruno",
            "Kobayashi",
            "Ruiz",
            "Chevalier",
            "Pavlovic",
            "Szymanski",
            "Karlsson",
            "Almeida",
            "Walker",
            "Schulz",
            "Gallo",
            "Watanabe",
            "Alvarez",
            "Roux",
            "Radic",
            "Wozniak",
            "Nilsson",
            "Carvalho",
            "Wright",
            "Koch",
            "Conti",
            "Takahashi",
            "Romero",
            "Vincent",
            "Bozic",
            "Dabrowski",
            "Eriksson",
            "Lima");
    private static final List<String> LANGUAGES =
            List.of("en-US", "de-CH", "fr-FR", "en-AU", "es-US", "ja-JP", "it-IT");
    private static final List<String> ROOM_TYPES = List.of("standard", "superior", "deluxe", "junior_suite", "suite");
    private static final LocalDate FIRST_ARRIVAL = LocalDate.of(2026, 11, 1);
    private static final Instant SEEDED_AT = Instant.parse("2026-11-01T00:00:00Z");

    private final Map<String, Guest> guests = new ConcurrentHashMap<>();
    private final Map<String, Reservation> reservations = new ConcurrentHashMap<>();
    /** change sequence number → confirmation number; a changed reservation moves to its new number. */
    private final ConcurrentSkipListMap<Long, String> changes = new ConcurrentSkipListMap<>();
    /** lower-case last name → confirmation numbers (names never change, so this index never does). */
    private final Map<String, List<String>> byLastName = new HashMap<>();
    /** guest id → confirmation numbers. */
    private final Map<String, List<String>> byGuest = new HashMap<>();

    private long lastChangeSeq;

    private PmsData() {}

    /** {@value #DEFAULT_GUESTS} guests and 3 × {@value #DEFAULT_RESERVATIONS_PER_HOTEL} reservations. */
    public static PmsData seeded() {
        return seeded(DEFAULT_SEED, DEFAULT_GUESTS, DEFAULT_RESERVATIONS_PER_HOTEL);
    }

    /**
     * Seeds {@code guestCount} guests ({@code G-000001} ...) and {@code perHotel} reservations in each demo
     * hotel ({@code GZ-000001}, {@code HS-000001}, {@code LC-000001} ...), all from {@code seed}.
     */
    public static PmsData seeded(long seed, int guestCount, int perHotel) {
        if (guestCount < 1 || guestCount > 999_999 || perHotel < 0 || perHotel > 999_999) {
            throw new IllegalArgumentException(
                    "guestCount must be 1-999999 and perHotel 0-999999, not " + guestCount + " and " + perHotel);
        }
        SplittableRandom random = new SplittableRandom(seed);
        PmsData data = new PmsData();
        List<Guest> seededGuests = new ArrayList<>(guestCount);
        for (int i = 1; i <= guestCount; i++) {
            String first = pick(random, FIRST_NAMES);
            String last = pick(random, LAST_NAMES);
            Guest guest = new Guest(
                    String.format(Locale.ROOT, "G-%06d", i),
                    first,
                    last,
                    (first + "." + last + i + "@example.com").toLowerCase(Locale.ROOT),
                    "+4179" + (1_000_000 + random.nextInt(9_000_000)),
                    pick(random, LANGUAGES),
                    random.nextInt(20) == 0,
                    "",
                    1,
                    SEEDED_AT);
            seededGuests.add(guest);
            data.guests.put(guest.id(), guest);
        }
        for (String hotel : HOTEL_IDS) {
            for (int n = 1; n <= perHotel; n++) {
                Guest guest = seededGuests.get(random.nextInt(guestCount));
                LocalDate arrival = FIRST_ARRIVAL.plusDays(random.nextInt(180));
                int roll = random.nextInt(10);
                String status = roll < 7
                        ? "booked"
                        : RESERVATION_STATUSES.get(roll - 6); // 7 → checked_in, 8 → checked_out, 9 → cancelled
                Reservation reservation = new Reservation(
                        String.format(Locale.ROOT, "%s-%06d", HOTELS.get(hotel), n),
                        hotel,
                        guest.id(),
                        guest.firstName(),
                        guest.lastName(),
                        arrival,
                        arrival.plusDays(1 + random.nextInt(14)),
                        pick(random, ROOM_TYPES),
                        status,
                        1 + random.nextInt(4),
                        ++data.lastChangeSeq,
                        SEEDED_AT);
                data.reservations.put(reservation.confirmationNumber(), reservation);
                data.changes.put(reservation.changeSeq(), reservation.confirmationNumber());
                data.byLastName
                        .computeIfAbsent(guest.lastName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(reservation.confirmationNumber());
                data.byGuest.computeIfAbsent(guest.id(), k -> new ArrayList<>()).add(reservation.confirmationNumber());
            }
        }
        return data;
    }

    private static String pick(SplittableRandom random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    /** Guests held. */
    public int guestCount() {
        return guests.size();
    }

    /** Reservations held. */
    public int reservationCount() {
        return reservations.size();
    }

    /** The highest change sequence number given so far. */
    public synchronized long lastChangeSeq() {
        return lastChangeSeq;
    }

    Optional<Reservation> reservation(String confirmationNumber) {
        return Optional.ofNullable(reservations.get(confirmationNumber));
    }

    /** Reservations of guests with this last name (any case), optionally of one hotel, by confirmation number. */
    List<Reservation> reservationsByLastName(String lastName, String hotelId) {
        return select(byLastName.getOrDefault(lastName.toLowerCase(Locale.ROOT), List.of()), hotelId);
    }

    /** Reservations of this guest, optionally of one hotel, by confirmation number. */
    List<Reservation> reservationsByGuest(String guestId, String hotelId) {
        return select(byGuest.getOrDefault(guestId, List.of()), hotelId);
    }

    private List<Reservation> select(List<String> confirmationNumbers, String hotelId) {
        return confirmationNumbers.stream()
                .map(reservations::get)
                .filter(r -> hotelId == null || r.hotelId().equals(hotelId))
                .sorted(java.util.Comparator.comparing(Reservation::confirmationNumber))
                .toList();
    }

    Optional<Guest> guest(String id) {
        return Optional.ofNullable(guests.get(id));
    }

    /** Applies {@code change} to the guest atomically; empty when there is no such guest. */
    Optional<Guest> updateGuest(String id, UnaryOperator<Guest> change) {
        return Optional.ofNullable(guests.computeIfPresent(id, (k, g) -> change.apply(g)));
    }

    /** Sets a reservation's status, giving it the next change sequence number; empty when unknown. */
    synchronized Optional<Reservation> setReservationStatus(String confirmationNumber, String status) {
        Reservation current = reservations.get(confirmationNumber);
        if (current == null) {
            return Optional.empty();
        }
        Reservation changed = current.withStatus(status, ++lastChangeSeq, Instant.now());
        reservations.put(confirmationNumber, changed);
        changes.remove(current.changeSeq());
        changes.put(changed.changeSeq(), confirmationNumber);
        return Optional.of(changed);
    }

    /**
     * Up to {@code limit} reservations whose last change is after {@code since}, oldest change first, and
     * the sequence number to ask from next time. A reservation changed while this runs may appear here
     * and again on a later page (clients apply changes idempotently).
     */
    ChangesPage changesSince(long since, int limit) {
        List<Reservation> page = new ArrayList<>(Math.min(limit, 1_000));
        long next = since;
        for (Map.Entry<Long, String> change : changes.tailMap(since, false).entrySet()) {
            if (page.size() == limit) {
                break;
            }
            page.add(reservations.get(change.getValue()));
            next = change.getKey();
        }
        return new ChangesPage(page, next);
    }

    /** One page of changes; {@code nextSince} is the last change sequence number it covers. */
    record ChangesPage(List<Reservation> items, long nextSince) {}
}
