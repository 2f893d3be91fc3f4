package io.voiceload.infra;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Postgres or Redis some provider started or found, with what it takes to reach and stop it.
 *
 * @param direct the server as this JVM reaches it
 * @param inDockerNetwork its address on the shared Docker network (alias:port), null when it is not a
 *     container
 * @param user user name (Postgres) or ACL user (Redis); may be null
 * @param password may be null
 * @param database database name (Postgres) or index (Redis)
 * @param parameters further connection parameters (Postgres)
 * @param processIds operating-system processes this JVM started for it (embedded servers)
 * @param stop stops it; does nothing for an external server
 */
record StartedServer(
        Dependency dependency,
        ProviderKind kind,
        String version,
        String detail,
        HostPort direct,
        HostPort inDockerNetwork,
        String user,
        String password,
        String database,
        Map<String, String> parameters,
        List<Long> processIds,
        AutoCloseable stop) {

    StartedServer {
        Objects.requireNonNull(dependency, "dependency");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(direct, "direct");
        parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
        processIds = List.copyOf(processIds == null ? List.of() : processIds);
        Objects.requireNonNull(stop, "stop");
    }
}
