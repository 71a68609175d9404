package org.strider.control;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * A node's link to its run's coordinator: subscribes to the receptionist for {@link CoordinatorProtocol#KEY},
 * remembers the coordinator it lists, and asks each newly listed one to let it join. A node already welcomed (by a
 * coordinator whose learner died) joins a new coordinator again with its index and newest weight version (see
 * {@link CoordinatorProtocol.Join}); a coordinator that is listed again after a gap (unreachable for a while) is not
 * asked twice, and one that is asked twice ignores the second join. Used from the node actor's own thread only.
 */
public final class CoordinatorLink {
    private final ActorContext<NodeProtocol.Command> context;
    private final String nodeId;
    private final NodeRole role;
    private final Endpoint[] offered;
    private ActorRef<CoordinatorProtocol.Command> coordinator;
    /** The last coordinator this node asked to join (kept while none is listed). */
    private ActorRef<CoordinatorProtocol.Command> joined;

    /** Subscribes {@code context}'s node to the coordinator's listings (they arrive as CoordinatorListing). */
    public CoordinatorLink(final ActorContext<NodeProtocol.Command> context, final String nodeId, final NodeRole role,
        final Endpoint... offered) {
        this.context = context;
        this.nodeId = nodeId;
        this.role = role;
        this.offered = offered.clone();
        final ActorRef<Receptionist.Listing> adapter = context.messageAdapter(Receptionist.Listing.class,
            NodeProtocol.CoordinatorListing::new);
        context.getSystem().receptionist().tell(Receptionist.subscribe(CoordinatorProtocol.KEY, adapter));
    }

    /**
     * Takes a listing; asks a newly listed coordinator to let the node join.
     *
     * @param index          the node's index from its welcome (shard or actor id), -1 while it has none
     * @param weightsVersion the newest weight version the node holds (0: none, or not an actor)
     */
    public void onListing(final NodeProtocol.CoordinatorListing m, final int index, final long weightsVersion) {
        final var found = m.listing().getServiceInstances(CoordinatorProtocol.KEY);
        if (found.isEmpty()) {
            coordinator = null;
            return;
        }
        final ActorRef<CoordinatorProtocol.Command> c = found.iterator().next();
        coordinator = c;
        if (!c.equals(joined)) {
            joined = c;
            if (index >= 0) {
                context.getLog().info("{} joins the run's new coordinator {} again as {} {}", nodeId, c.path(),
                    role.roleName(), index);
            }
            c.tell(new CoordinatorProtocol.Join(nodeId, role, NodeRefs.format(context.getSystem(),
                context.getSelf()), offered, index, weightsVersion));
        }
    }

    /** Sends {@code message} to the coordinator; dropped while none is listed. */
    public void tell(final CoordinatorProtocol.Command message) {
        if (coordinator != null) {
            coordinator.tell(message);
        }
    }

    public boolean connected() {
        return coordinator != null;
    }
}
