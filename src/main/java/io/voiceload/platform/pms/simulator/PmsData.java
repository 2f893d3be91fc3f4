package io.voiceload.platform.pms.simulator;

import io.voiceload.platform.pms.simulator.PmsRecords.Guest;
import io.voiceload.platform.pms.simulator.PmsRecords.Reservation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * reservation's copy of its guest's name never goes stale. {@link #grow} adds reservations while
 * simulators serve the data; each new one is a change the change feed reports.
 *
 * <p>Size: seeding 100,000 reservations takes well under a second and holds about 40 MB of heap
 * (measured by {@code PmsDataTest}).
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
    /** lower-case last name → confirmation numbers (names never change; {@link #grow} only adds). */
    private final Map<String, Queue<String>> byLastName = new ConcurrentHashMap<>();
    /** guest id → confirmation numbers. */
    private final Map<String, Queue<String>> byGuest = new ConcurrentHashMap<>();

    private final List<Guest> seededGuests = new ArrayList<>();
    /** hotel id → reservations made there so far (the number of the last confirmation number). */
    private final Map<String, Integer> perHotelCount = new HashMap<>();

    private SplittableRandom random;
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
        PmsData data = new PmsData();
        synchronized (data) {
            data.random = new SplittableRandom(seed);
            for (int i = 1; i <= guestCount; i++) {
                String first = pick(data.random, FIRST_NAMES);
                String last = pick(data.random, LAST_NAMES);
                Guest guest = new Guest(
                        String.format(Locale.ROOT, "G-%06d", i),
                        first,
                        last,
                        (first + "." + last + i + "@example.com").toLowerCase(Locale.ROOT),
                        "+4179" + (1_000_000 + data.random.nextInt(9_000_000)),
                        pick(data.random, LANGUAGES),
                        data.random.nextInt(20) == 0,
                        "",
                        1,
                        SEEDED_AT);
                data.seededGuests.add(guest);
                data.guests.put(guest.id(), guest);
            }
            for (String hotel : HOTEL_IDS) {
                for (int n = 1; n <= perHotel; n++) {
                    data.addReservation(hotel, SEEDED_AT);
                }
            }
        }
        return data;
    }

    /**
     * Adds {@code count} reservations (1 to 999,999), spread over the three hotels in turn and numbered on
     * from each hotel's last one, drawn from the seed's random stream (so {@code seeded(s, g, p)} then {@code
     * grow(n)} gives the same data every time). Each takes the next change sequence number: a client
     * paging the change feed sees them as changes. Safe while simulators serve this data.
     *
     * @throws IllegalArgumentException when {@code count} is out of range or a hotel would pass 999,999
     */
    public synchronized void grow(int count) {
        if (count < 1 || count > 999_999) {
            throw new IllegalArgumentException("grow count must be 1-999999, not " + count);
        }
        int worst = perHotelCount.values().stream()
                        .mapToInt(Integer::intValue)
                        .max()
                        .orElse(0)
                + count / 3
                + 1;
        if (worst > 999_999) {
            throw new IllegalArgumentException("grow count " + count
                    + " would take a hotel past 999999 reservations (confirmation numbers" + " have six digits)");
        }
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            addReservation(HOTEL_IDS.get(i % HOTEL_IDS.size()), now);
        }
    }

    /** Draws and stores the hotel's next reservation; the caller holds this object's monitor. */
    private void addReservation(String hotel, Instant at) {
        int n = perHotelCount.merge(hotel, 1, Integer::sum);
        Guest guest = seededGuests.get(random.nextInt(seededGuests.size()));
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
                ++lastChangeSeq,
                at);
        // indexes first: a reader that finds the reservation in the change feed finds it by name too
        byLastName
                .computeIfAbsent(guest.lastName().toLowerCase(Locale.ROOT), k -> new ConcurrentLinkedQueue<>())
                .add(reservation.confirmationNumber());
        byGuest.computeIfAbsent(guest.id(), k -> new ConcurrentLinkedQueue<>()).add(reservation.confirmationNumber());
        reservations.put(reservation.confirmationNumber(), reservation);
        changes.put(reservation.changeSeq(), reservation.confirmationNumber());
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
        return select(byLastName.get(lastName.toLowerCase(Locale.ROOT)), hotelId);
    }

    /** Reservations of this guest, optionally of one hotel, by confirmation number. */
    List<Reservation> reservationsByGuest(String guestId, String hotelId) {
        return select(byGuest.get(guestId), hotelId);
    }

    private List<Reservation> select(Queue<String> confirmationNumbers, String hotelId) {
        if (confirmationNumbers == null) {
            return List.of();
        }
        return confirmationNumbers.stream()
                .map(reservations::get)
                .filter(r -> r != null && (hotelId == null || r.hotelId().equals(hotelId)))
                .sorted(Comparator.comparing(Reservation::confirmationNumber))
                .toList();
    }

    Optional<Guest> guest(String id) {
        return Optional.ofNullable(guests.get(id));
    }

    /** Applies {@code change} to the guest atomically; empty when there is no such guest. */
    Optional<Guest> updateGuest(String id, UnaryOperator<Guest> change) {
        return updateGuest(id, ANY_VERSION, change);
    }

    /** For {@link #updateGuest(String, long, UnaryOperator)}: update whatever the version. */
    static final long ANY_VERSION = -1;

    /**
     * Applies {@code change} to the guest if its version is {@code expectedVersion} ({@link #ANY_VERSION}:
     * whatever it is); the check and the change are one atomic step. Empty when there is no such guest.
     *
     * @throws VersionConflict when the guest's version is another, leaving it unchanged
     */
    Optional<Guest> updateGuest(String id, long expectedVersion, UnaryOperator<Guest> change) {
        return Optional.ofNullable(guests.computeIfPresent(id, (k, g) -> {
            if (expectedVersion != ANY_VERSION && g.version() != expectedVersion) {
                throw new VersionConflict(g.version()); // computeIfPresent leaves the mapping as it was
            }
            return change.apply(g);
        }));
    }

    /** A conditional guest update found another version. */
    static final class VersionConflict extends RuntimeException {
        private final int currentVersion;

        VersionConflict(int currentVersion) {
            super("version conflict: the guest is at version " + currentVersion, null, false, false);
            this.currentVersion = currentVersion;
        }

        int currentVersion() {
            return currentVersion;
        }
    }

    /**
     * A fingerprint of every reservation's state, for comparing with a copy (e.g. the platform's synced
     * table): the lower-case hex SHA-256 of the UTF-8 lines {@code confirmationNumber|changeSeq|status\n},
     * one per reservation, sorted by confirmation number (plain string order, e.g. {@code GZ-000001} before
     * {@code HS-000001}). In SQL: {@code encode(sha256(convert_to(string_agg(confirmation_number || '|' ||
     * change_seq || '|' || status || E'\n', '' ORDER BY confirmation_number COLLATE "C"), 'UTF8')), 'hex')}.
     * Taken under the same lock as changes, so it sees one consistent state.
     */
    public synchronized String reservationsChecksum() {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        List<Reservation> sorted = new ArrayList<>(reservations.values());
        sorted.sort(Comparator.comparing(Reservation::confirmationNumber));
        for (Reservation r : sorted) {
            sha256.update((r.confirmationNumber() + "|" + r.changeSeq() + "|" + r.status() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha256.digest());
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
