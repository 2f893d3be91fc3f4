package io.voiceload.platform.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings the schema up to date with the Flyway scripts in {@code classpath:db/migration}. */
public final class Migrations {

    private Migrations() {}

    /** Applies pending migrations (Flyway locks, so platforms sharing a database may start together). */
    public static MigrateResult apply(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}
