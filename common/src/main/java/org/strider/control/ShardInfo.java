package org.strider.control;

/** A replay shard as the data plane sees it: its index and the streams it reads inserts and sample requests on. */
public record ShardInfo(int shardId, Endpoint inserts, Endpoint requests) implements ControlMessage {
}
