package io.voiceload.infra;

import io.voiceload.config.PostgresUrl;
import io.voiceload.config.RedisUrl;
import io.voiceload.config.ToxiproxyUrl;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/**
 * Servers at configured addresses: each is checked once (it answers, the credentials work, its
 * version) and never stopped by the suite.
 */
final class ExternalServers {

    private ExternalServers() {}

    static StartedServer postgres(PostgresUrl url) throws SQLException {
        String version = PostgresProbe.version(url.jdbcUrl(), url.user(), url.password());
        return new StartedServer(
                Dependency.POSTGRES,
                ProviderKind.EXTERNAL,
                version,
                "configured address " + url,
                new HostPort(url.host(), url.port()),
                null,
                url.user(),
                url.password(),
                url.database(),
                url.parameters(),
                List.of(),
                () -> {});
    }

    static StartedServer redis(RedisUrl url) throws IOException {
        HostPort address = new HostPort(url.host(), url.port());
        String version = RedisProbe.version(address, url.username(), url.password(), url.database());
        return new StartedServer(
                Dependency.REDIS,
                ProviderKind.EXTERNAL,
                version,
                "configured address " + url,
                address,
                null,
                url.username(),
                url.password(),
                String.valueOf(url.database()),
                java.util.Map.of(),
                List.of(),
                () -> {});
    }

    static StartedToxiproxy toxiproxy(ToxiproxyUrl url) throws IOException {
        HostPort api = new HostPort(url.host(), url.port());
        String version = ToxiproxyProbe.version(url.scheme(), api);
        return new StartedToxiproxy(
                ProviderKind.EXTERNAL,
                version,
                "configured address " + url,
                api,
                url.scheme(),
                ProxyLayout.local(api),
                () -> {});
    }
}
