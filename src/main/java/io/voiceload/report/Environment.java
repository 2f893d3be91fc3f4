package io.voiceload.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The fingerprint of the machine and software a run measured on, so that runs are compared only with
 * comparable runs.
 */
public final class Environment {
    private Environment() {}

    /** This JVM's environment now. */
    public static ObjectNode capture() {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("javaVersion", System.getProperty("java.version"));
        n.put("cores", Runtime.getRuntime().availableProcessors());
        return n;
    }
}
