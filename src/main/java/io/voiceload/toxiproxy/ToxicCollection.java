package io.voiceload.toxiproxy;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A proxy's toxics and the live links they apply to. Every change reaches the links of its direction at once:
 * adding appends a stage, updating re-runs it, removing takes it out (see {@link Link}).
 */
final class ToxicCollection {
    private final ReentrantLock lock = new ReentrantLock();
    private final List<ToxicSpec> toxics = new ArrayList<>(); // guarded by lock; insertion order
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final RandomSource randoms;

    ToxicCollection(RandomSource randoms) {
        this.randoms = randoms;
    }

    /** As the API lists them: upstream toxics first, then downstream, each in the order they were added. */
    List<ToxicSpec> list() {
        lock.lock();
        try {
            List<ToxicSpec> result = new ArrayList<>(of(Direction.UPSTREAM));
            result.addAll(of(Direction.DOWNSTREAM));
            return result;
        } finally {
            lock.unlock();
        }
    }

    ToxicSpec get(String name) throws ApiError {
        lock.lock();
        try {
            return find(name);
        } finally {
            lock.unlock();
        }
    }

    /** Names are unique per proxy, across both streams. */
    ToxicSpec add(ToxicSpec toxic) throws ApiError {
        lock.lock();
        try {
            for (ToxicSpec t : toxics) {
                if (t.name().equals(toxic.name())) {
                    throw new ApiError(409, ApiError.TOXIC_ALREADY_EXISTS);
                }
            }
            toxics.add(toxic);
            for (Link link : links) {
                if (link.direction == toxic.direction()) {
                    link.appendStage(toxic, randoms.next());
                }
            }
            return toxic;
        } finally {
            lock.unlock();
        }
    }

    /** Replaces a toxic by its updated value (same name, type and stream) and re-runs its stages. */
    void update(ToxicSpec updated) {
        lock.lock();
        try {
            for (int i = 0; i < toxics.size(); i++) {
                if (toxics.get(i).name().equals(updated.name())) {
                    toxics.set(i, updated);
                }
            }
            for (Link link : links) {
                if (link.direction == updated.direction()) {
                    link.updateStage(updated);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    void remove(String name) throws ApiError {
        lock.lock();
        try {
            ToxicSpec toxic = find(name);
            toxics.remove(toxic);
            for (Link link : links) {
                if (link.direction == toxic.direction()) {
                    link.removeStage(name);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    void removeAll() {
        lock.lock();
        try {
            for (ToxicSpec toxic : new ArrayList<>(toxics)) {
                try {
                    remove(toxic.name());
                } catch (ApiError impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Creates and starts both links of a new connection with the toxics of this moment. If a {@code reset_peer}
     * toxic exists for a direction, both sockets get {@code SO_LINGER 0} so that closing them sends an RST, as
     * Toxiproxy's link start does; a {@code reset_peer} added later therefore closes with a FIN.
     */
    void startLinks(Connection connection, String name) {
        lock.lock();
        try {
            List<ToxicSpec> up = of(Direction.UPSTREAM);
            List<ToxicSpec> down = of(Direction.DOWNSTREAM);
            if (hasResetPeer(up) || hasResetPeer(down)) {
                lingerZero(connection.client);
                lingerZero(connection.upstream);
            }
            Link upLink = new Link(
                    name + "/upstream",
                    connection,
                    Direction.UPSTREAM,
                    connection.client,
                    connection.upstream,
                    up,
                    randoms::next);
            Link downLink = new Link(
                    name + "/downstream",
                    connection,
                    Direction.DOWNSTREAM,
                    connection.upstream,
                    connection.client,
                    down,
                    randoms::next);
            links.add(upLink);
            links.add(downLink);
            if (!connection.attach(upLink, downLink)) {
                links.remove(upLink);
                links.remove(downLink);
                return;
            }
            upLink.start();
            downLink.start();
        } finally {
            lock.unlock();
        }
    }

    void unregister(Link link) {
        links.remove(link);
    }

    int linkCount() {
        return links.size();
    }

    private List<ToxicSpec> of(Direction direction) {
        return toxics.stream().filter(t -> t.direction() == direction).toList();
    }

    private ToxicSpec find(String name) throws ApiError {
        for (ToxicSpec t : toxics) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new ApiError(404, ApiError.TOXIC_NOT_FOUND);
    }

    private static boolean hasResetPeer(List<ToxicSpec> toxics) {
        return toxics.stream().anyMatch(t -> t.type() == ToxicKind.RESET_PEER);
    }

    private static void lingerZero(SocketChannel channel) {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException ignored) {
            // A socket that is already broken will not need an RST.
        }
    }
}
