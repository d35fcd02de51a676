package org.telenovela.cluster;

/**
 * Marks a message that travels between cluster nodes: Akka serialises it as JSON with Jackson (the binding is in
 * {@link ClusterNode#config}). Every such message is an immutable record.
 */
public interface ClusterMessage {
}
