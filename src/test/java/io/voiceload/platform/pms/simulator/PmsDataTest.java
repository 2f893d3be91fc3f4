package io.voiceload.platform.pms.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voiceload.platform.pms.simulator.PmsRecords.Reservation;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The data set at bulk-sync size: growing it, its checksum, and what 100,000 reservations cost. */
class PmsDataTest {

    @Test
    void growAddsReservationsThatTheChangeFeedReportsAsChanges() {
        PmsData data = PmsData.seeded(11, 100, 10);
        long lastSeq = data.lastChangeSeq();
        String before = data.reservationsChecksum();

        data.grow(7);

        assertThat(data.reservationCount()).isEqualTo(37);
        assertThat(data.lastChangeSeq()).isEqualTo(lastSeq + 7);
        List<Reservation> fresh = data.changesSince(lastSeq, 100).items();
        assertThat(fresh)
                .extracting(Reservation::confirmationNumber)
                .containsExactly(
                        "GZ-000011", "HS-000011", "LC-000011", "GZ-000012", "HS-000012", "LC-000012", "GZ-000013");
        assertThat(data.reservationsByLastName(fresh.get(0).lastName(), "grand-zurich"))
                .extracting(Reservation::confirmationNumber)
                .contains("GZ-000011");
        assertThat(data.reservationsChecksum()).isNotEqualTo(before);

        PmsData again = PmsData.seeded(11, 100, 10);
        again.grow(7);
        assertThat(again.reservationsChecksum())
                .as("seeded then grown the same way, the same data")
                .isEqualTo(data.reservationsChecksum());
        assertThatThrownBy(() -> data.grow(0)).hasMessageContaining("grow count must be 1-999999");
    }

    @Test
    void theChecksumIsTheDocumentedSha256OverSortedLines() throws Exception {
        PmsData data = PmsData.seeded(3, 50, 40);
        data.setReservationStatus("HS-000007", "cancelled");

        List<Reservation> all = data.changesSince(0, 1_000).items();
        assertThat(all).hasSize(120);
        StringBuilder lines = new StringBuilder();
        all.stream()
                .sorted(java.util.Comparator.comparing(Reservation::confirmationNumber))
                .forEach(r -> lines.append(r.confirmationNumber())
                        .append('|')
                        .append(r.changeSeq())
                        .append('|')
                        .append(r.status())
                        .append('\n'));
        String expected = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(lines.toString().getBytes(StandardCharsets.UTF_8)));

        assertThat(data.reservationsChecksum()).isEqualTo(expected);
        data.setReservationStatus("HS-000007", "booked");
        assertThat(data.reservationsChecksum()).as("a status change changes it").isNotEqualTo(expected);
    }

    @Test
    void growingWhileAReaderPagesTheFeedLosesNothing() {
        PmsData data = PmsData.seeded(4, 100, 100);
        CompletableFuture<Void> growing = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 50; i++) {
                data.grow(100);
            }
        });
        Set<String> seen = new HashSet<>();
        long since = 0;
        while (!growing.isDone() || since < data.lastChangeSeq()) {
            PmsData.ChangesPage page = data.changesSince(since, 250);
            page.items().forEach(r -> seen.add(r.confirmationNumber()));
            since = page.nextSince();
        }
        growing.join();
        assertThat(seen).hasSize(data.reservationCount()).hasSize(300 + 5_000);
    }

    @Test
    void holdsAHundredThousandReservationsInSecondsAndTensOfMegabytes() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heapBefore = usedHeap();
        long start = System.nanoTime();

        PmsData data = PmsData.seeded(PmsData.DEFAULT_SEED, PmsData.DEFAULT_GUESTS, 33_334);
        data.grow(1_000);
        String checksum = data.reservationsChecksum();

        double seconds = (System.nanoTime() - start) / 1e9;
        System.gc();
        long megabytes = (usedHeap() - heapBefore) >> 20;
        System.out.printf(
                "100k reservations: %.2f s to seed, grow and checksum, %d MB of heap (max heap %d MB)%n",
                seconds, megabytes, runtime.maxMemory() >> 20);
        assertThat(data.reservationCount()).isEqualTo(101_002);
        assertThat(checksum).hasSize(64);
        assertThat(seconds).isLessThan(10);
        assertThat(megabytes).isLessThan(150);
        assertThat(data.lastChangeSeq()).isEqualTo(101_002);
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
