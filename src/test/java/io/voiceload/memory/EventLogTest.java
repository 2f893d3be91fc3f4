package io.voiceload.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;

/** {@link EventLog}'s account of the stream's flushes, which the recorder's barriers wait on. */
class EventLogTest {

    @Name("io.voiceload.test.Marker")
    static final class Marker extends Event {}

    @Test
    void aBarrierAwaitsTheEndOfTheFlushThatDeliveredItsEventsAndNoMore() throws Exception {
        RecordedEvent event = oneRecordedEvent();
        EventLog log = new EventLog();
        assertThat(log.flushesOnceDelivered()).as("nothing delivered").isZero();

        log.seen(event);
        assertThat(log.flushesOnceDelivered())
                .as("an event of a flush still being delivered: its end")
                .isEqualTo(1);

        log.flushed();
        assertThat(log.flushesOnceDelivered())
                .as("the flush that brought the event has ended: no further flush to wait for")
                .isEqualTo(1);

        log.flushed();
        log.seen(event);
        assertThat(log.flushesOnceDelivered()).isEqualTo(3);
    }

    /** One event as a stream delivers it, from this JVM. */
    private static RecordedEvent oneRecordedEvent() throws Exception {
        CompletableFuture<RecordedEvent> delivered = new CompletableFuture<>();
        try (RecordingStream stream = new RecordingStream()) {
            stream.setReuse(false);
            stream.enable(Marker.class);
            stream.onEvent("io.voiceload.test.Marker", delivered::complete);
            stream.startAsync();
            new Marker().commit();
            return delivered.get(30, TimeUnit.SECONDS);
        }
    }
}
