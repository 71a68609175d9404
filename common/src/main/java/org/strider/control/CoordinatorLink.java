package org.strider.control;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * A node's link to its run's coordinator: subscribes to the receptionist for {@link CoordinatorProtocol#KEY},
 * remembers the coordinator it lists, and asks to join each new one until the node has been welcomed. Used from
 * the node actor's own thread only.
 */
public final class CoordinatorLink {
    private final ActorContext<NodeProtocol.Command> context;
    private final String nodeId;
    private final NodeRole role;
    private final Endpoint[] offered;
    private ActorRef<CoordinatorProtocol.Command> coordinator;

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

    /** Takes a listing; joins a newly listed coordinator unless the node was already welcomed. */
    public void onListing(final NodeProtocol.CoordinatorListing m, final boolean welcomed) {
        final var found = m.listing().getServiceInstances(CoordinatorProtocol.KEY);
        if (found.isEmpty()) {
            coordinator = null;
            return;
        }
        final ActorRef<CoordinatorProtocol.Command> c = found.iterator().next();
        if (!c.equals(coordinator)) {
            coordinator = c;
            if (!welcomed) {
                c.tell(new CoordinatorProtocol.Join(nodeId, role, NodeRefs.format(context.getSystem(),
                    context.getSelf()), offered));
            }
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
