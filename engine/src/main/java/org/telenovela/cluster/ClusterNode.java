package org.telenovela.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import org.telenovela.InvalidInputException;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;

/**
 * The settings of one cluster node (coordinator or worker): Artery over TCP on the address it binds, or over TLS
 * with a keystore; Jackson for our messages; a split-brain resolver that removes a node that stopped answering
 * (a killed worker), so that its unconfirmed work goes to the others.
 *
 * <p>Secure by default: a node binds to 127.0.0.1 unless told otherwise, and a node that binds anywhere else
 * must have a keystore, so a cluster across machines always runs over TLS with mutual authentication: only
 * nodes whose certificate the keystore trusts can join.
 */
public final class ClusterNode {
    /** The actor system's name: part of every node's address, the same on every node. */
    public static final String SYSTEM = "telenovela";
    public static final int DEFAULT_PORT = 25520;
    /** The environment variable that holds the keystore's password (never a command-line argument). */
    public static final String PASSWORD_ENV = "TELENOVELA_KEYSTORE_PASSWORD";

    private ClusterNode() {
    }

    /** A keystore (PKCS12) with this node's key and the certificates it trusts, and its password. */
    public record Tls(Path keystore, String password) {
        public Tls {
            if (!Files.isRegularFile(keystore)) {
                throw InvalidInputException.at(keystore.toString(), "--keystore: file not found");
            }
            if (password == null || password.isEmpty()) {
                throw InvalidInputException.at(keystore.toString(), "--keystore needs its password in the environment variable "
                        + PASSWORD_ENV);
            }
            try (InputStream in = Files.newInputStream(keystore)) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(in, password.toCharArray());
                if (ks.size() == 0) {
                    throw InvalidInputException.at(keystore.toString(), "the keystore holds no key");
                }
            } catch (InvalidInputException e) {
                throw e;
            } catch (Exception e) {
                throw InvalidInputException.at(keystore.toString(), "not a PKCS12 keystore, or the password in "
                        + PASSWORD_ENV + " is wrong (" + e.getMessage() + ")");
            }
        }

        public static Tls of(Path keystore) {
            return keystore == null ? null : new Tls(keystore, System.getenv(PASSWORD_ENV));
        }
    }

    /** Where a node listens, and its TLS keystore (null: plain TCP, loopback only). */
    public record Address(String bind, int port, Tls tls) {
        /** Checks the port, the keystore (with its password), and that only loopback goes without TLS. */
        public Address {
            checkPort(port, "--port");
            checkBind(bind, tls);
        }
    }

    /** {@code HOST:PORT} of a node to join; {@code what} names the option in the message if it is malformed. */
    public record Peer(String host, int port) {
        public static Peer parse(String s, String what) {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw InvalidInputException.at(what, "expected HOST:PORT, got '" + s + "'");
            }
            int port;
            try {
                port = Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw InvalidInputException.at(what, "port is not a number in '" + s + "'");
            }
            checkPort(port, what);
            return new Peer(s.substring(0, colon), port);
        }

        public String address() {
            return "akka://" + SYSTEM + "@" + host + ":" + port;
        }
    }

    public static void checkPort(int port, String what) {
        if (port < 0 || port > 65535) {
            throw InvalidInputException.at(what, "port must be 0..65535 (0: any free port), got " + port);
        }
    }

    /** Refuses to listen beyond this machine in the clear. */
    public static void checkBind(String bind, Tls tls) {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(bind).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw InvalidInputException.at("--bind", "unknown host '" + bind + "'");
        }
        if (!loopback && tls == null) {
            throw InvalidInputException.at("--bind", bind + " is reachable from other machines: a cluster across machines runs over "
                    + "TLS; name a keystore with --keystore (README, \"Running on several machines\")");
        }
    }

    /**
     * Starts this node: the process's one actor system ({@link org.telenovela.scene.Stage}) with this node's
     * settings, and {@code node} (the coordinator or the worker) in it; a port that is taken is an input error.
     */
    public static <T> akka.actor.typed.ActorRef<T> start(akka.actor.typed.Behavior<T> node, String name, Config config) {
        try {
            org.telenovela.scene.Stage.open(config);
        } catch (RuntimeException e) {
            String why = String.valueOf(e.getMessage());
            Throwable c = e;
            while (c.getCause() != null) {
                c = c.getCause();
            }
            if (c instanceof java.net.BindException || why.contains("bind")) {
                throw InvalidInputException.at("--port", "cannot listen on " + config.getString("akka.remote.artery.canonical.hostname")
                        + ":" + config.getInt("akka.remote.artery.canonical.port") + " (" + c.getMessage() + ")");
            }
            throw e;
        }
        return org.telenovela.scene.Stage.spawn(config, node, name);
    }

    /** This node's actor system (after {@link #start}). */
    public static akka.actor.typed.ActorSystem<?> system(Config config) {
        return org.telenovela.scene.Stage.system(config);
    }

    /** This node's settings over {@code base} (which keeps every telenovela setting). */
    public static Config config(Config base, Address address) {
        String bind = address.bind();
        int port = address.port();
        Tls tls = address.tls();
        Config c = ConfigFactory.parseMap(Map.of(
                        "akka.actor.provider", "cluster",
                        "akka.remote.artery.canonical.hostname", bind,
                        "akka.remote.artery.canonical.port", port,
                        "akka.remote.artery.transport", tls == null ? "tcp" : "tls-tcp"))
                .withValue("akka.actor.serialization-bindings", ConfigValueFactory.fromMap(
                        Map.of(ClusterMessage.class.getName(), "jackson-json")));
        if (tls != null) {
            String path = tls.keystore().toAbsolutePath().toString();
            Map<String, Object> ssl = new java.util.HashMap<>();
            ssl.put("key-store", path);
            ssl.put("trust-store", path);
            ssl.put("key-store-password", tls.password());
            ssl.put("key-password", tls.password());
            ssl.put("trust-store-password", tls.password());
            ssl.put("protocol", "TLSv1.3");
            ssl.put("enabled-algorithms", List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"));
            ssl.put("require-mutual-authentication", "on");
            ssl.put("hostname-verification", "off");
            c = c.withValue("akka.remote.artery.ssl.config-ssl-engine", ConfigValueFactory.fromMap(ssl));
        }
        return c.withFallback(base).resolve();
    }
}
