package io.voiceload.infra;

import java.util.List;

/**
 * The ways to start each dependency, one method each. Tests replace single methods to simulate a
 * failing provider or a Docker engine that answers.
 */
class Providers {

    DockerStatus docker() {
        return DockerCheck.status();
    }

    DockerContainers containers() {
        return new DockerContainers();
    }

    StartedServer embeddedPostgres(WorkDirectories dirs, String database) throws Exception {
        return EmbeddedPostgres.start(dirs, database);
    }

    StartedServer embeddedRedis(WorkDirectories dirs) throws Exception {
        return EmbeddedRedis.start(dirs);
    }

    StartedToxiproxy embeddedToxiproxy() throws Exception {
        return EmbeddedToxiproxy.start();
    }

    StartedServer containerPostgres(DockerContainers containers, String image, String database) throws Exception {
        return containers.postgres(image, database);
    }

    StartedServer containerRedis(DockerContainers containers, String image) throws Exception {
        return containers.redis(image);
    }

    StartedToxiproxy containerToxiproxy(DockerContainers containers, String image, List<StartedServer> upstreams)
            throws Exception {
        return containers.toxiproxy(image, upstreams);
    }

    WorkDirectories directories() {
        return WorkDirectories.create();
    }
}
