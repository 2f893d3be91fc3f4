package io.voiceload.infra;

import eu.rekawek.toxiproxy.Proxy;

/**
 * Where a Toxiproxy's proxies listen, how this JVM reaches them, and how the Toxiproxy reaches their
 * upstreams. An in-JVM or local Toxiproxy listens on loopback ports it picks; a container listens on
 * its fixed proxy ports (8666 and up), published on mapped ports, and dials upstreams on the Docker
 * network.
 */
interface ProxyLayout {

    /** The {@code listen} address for the proxy with this index (0 for Postgres, 1 for Redis, ...). */
    String listen(int index);

    /** How this JVM reaches a created proxy. */
    HostPort reachable(Proxy proxy, int index);

    /** The {@code upstream} address, as the Toxiproxy server dials it. */
    String upstream(StartedServer server);

    /**
     * The {@code upstream} address of a server this JVM reaches at {@code direct} (not one of ours, e.g.
     * a simulator in this JVM), as the Toxiproxy server dials it.
     */
    String upstream(HostPort direct);

    /** A Toxiproxy that runs on this machine or is reached by its host name: upstreams as this JVM dials them. */
    static ProxyLayout local(HostPort api) {
        return new ProxyLayout() {
            @Override
            public String listen(int index) {
                return api.isLoopback() ? "127.0.0.1:0" : "0.0.0.0:0";
            }

            @Override
            public HostPort reachable(Proxy proxy, int index) {
                HostPort listen = HostPort.parse(proxy.getListen());
                return listen.isWildcard() ? new HostPort(api.host(), listen.port()) : listen;
            }

            @Override
            public String upstream(StartedServer server) {
                return server.direct().toString();
            }

            @Override
            public String upstream(HostPort direct) {
                return direct.toString();
            }
        };
    }
}
