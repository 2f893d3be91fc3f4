package io.voiceload.platform.junit;

import io.voiceload.platform.Main;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.server.RMIServerSocketFactory;
import java.util.Map;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;

/**
 * The main class of a {@link ChildPlatform}: runs {@link Main} with its arguments, and exits as soon as the JVM
 * that started it is gone, however it ended (a {@code kill -9}, a crash, {@code Runtime.halt}: cases where that
 * JVM's shutdown hook never runs). The exit stops the platform as SIGTERM does (its own shutdown hook closes it).
 * Loads nothing of the framework.
 */
public final class ChildPlatformLauncher {

    private ChildPlatformLauncher() {}

    public static void main(String[] args) throws InterruptedException, IOException {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.err.println(
                    "voiceload child platform: the JVM that started it (pid " + parent.pid() + ") is gone; stopping");
            System.exit(0);
        }));
        System.out.println(JMX_LINE + startJmx());
        System.out.flush();
        Main.main(args);
    }

    /** What precedes the JMX URL in the child's output. */
    public static final String JMX_LINE = "voiceload platform jmx: ";

    /**
     * Opens this JVM's platform MBean server over RMI on a free port of 127.0.0.1, without authentication, and
     * returns its address: a stub URL ({@code service:jmx:rmi://127.0.0.1/stub/…}) that carries the connector's
     * endpoint itself, so no RMI registry (and no second port, and no fixed port) is needed. The JVM's
     * out-of-the-box agent ({@code -Dcom.sun.management.jmxremote.port}) needs a port chosen in advance, which
     * parallel test JVMs cannot share.
     *
     * @throws IOException when the connector cannot start
     */
    public static JMXServiceURL startJmx() throws IOException {
        // The stub names the host its client connects to: loopback, not this machine's network address.
        System.setProperty("java.rmi.server.hostname", "127.0.0.1");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        RMIServerSocketFactory sockets = port -> new ServerSocket(port, 0, loopback);
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("service:jmx:rmi://127.0.0.1"),
                Map.of(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets),
                ManagementFactory.getPlatformMBeanServer());
        server.start();
        return server.getAddress();
    }
}
