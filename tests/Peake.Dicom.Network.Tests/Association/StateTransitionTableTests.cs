using Peake.Dicom.Network.Association;
using static Peake.Dicom.Network.Association.UpperLayerAction;
using static Peake.Dicom.Network.Association.UpperLayerEvent;
using static Peake.Dicom.Network.Association.UpperLayerState;

namespace Peake.Dicom.Network.Tests.Association;

public sealed class StateTransitionTableTests
{
    private static readonly UpperLayerEvent[] PduEvents =
        [Evt3AssociateAcceptPdu, Evt4AssociateRejectPdu, Evt6AssociateRequestPdu, Evt10DataPdu, Evt12ReleaseRequestPdu, Evt13ReleaseResponsePdu, Evt16AbortPdu, Evt19InvalidPdu];

    [Fact]
    public void Every_received_pdu_and_transport_close_has_an_action_in_every_state_with_an_open_connection()
    {
        foreach (var state in Enum.GetValues<UpperLayerState>().Where(s => s is not (Sta1Idle or Sta4AwaitingTransportOpen)))
        {
            foreach (var evt in PduEvents.Append(Evt17TransportClosed))
            {
                Assert.True(StateTransitionTable.Find(state, evt) is not null, $"{evt} in {state}");
            }
        }
    }

    [Theory]
    [InlineData(Sta2AwaitingAssociateRequest, Evt3AssociateAcceptPdu, AA1)]
    [InlineData(Sta2AwaitingAssociateRequest, Evt18ArtimExpired, AA2)]
    [InlineData(Sta2AwaitingAssociateRequest, Evt19InvalidPdu, AA1)]
    [InlineData(Sta2AwaitingAssociateRequest, Evt17TransportClosed, AA5)]
    [InlineData(Sta6Established, Evt6AssociateRequestPdu, AA8)]
    [InlineData(Sta6Established, Evt13ReleaseResponsePdu, AA8)]
    [InlineData(Sta6Established, Evt16AbortPdu, AA3)]
    [InlineData(Sta7AwaitingReleaseResponse, Evt10DataPdu, AR6)]
    [InlineData(Sta8AwaitingLocalReleaseResponse, Evt9DataRequestPrimitive, AR7)]
    [InlineData(Sta10CollisionAcceptorAwaitingReleaseResponse, Evt13ReleaseResponsePdu, AR10)]
    [InlineData(Sta11CollisionRequestorAwaitingReleaseResponse, Evt13ReleaseResponsePdu, AR3)]
    [InlineData(Sta13AwaitingTransportClose, Evt10DataPdu, AA6)]
    [InlineData(Sta13AwaitingTransportClose, Evt6AssociateRequestPdu, AA7)]
    [InlineData(Sta13AwaitingTransportClose, Evt17TransportClosed, AR5)]
    [InlineData(Sta13AwaitingTransportClose, Evt18ArtimExpired, AA2)]
    [InlineData(Sta4AwaitingTransportOpen, Evt15AbortRequestPrimitive, AA2)]
    public void Cells_match_PS3_8_Table_9_10(UpperLayerState state, UpperLayerEvent evt, UpperLayerAction action)
    {
        Assert.Equal(action, StateTransitionTable.Find(state, evt));
    }

    [Fact]
    public void The_A_ABORT_request_and_ARTIM_rows_match_PS3_8_Table_9_10_in_every_state()
    {
        // Evt15: AA-2 while the transport is still opening (nothing to send an A-ABORT on), AA-1 wherever a connection
        // is up before Sta13, nothing in Sta1, Sta2 (no local user yet) and Sta13 (already aborting).
        // Evt18: ARTIM runs only in Sta2 (awaiting A-ASSOCIATE-RQ) and Sta13 (awaiting close): AA-2 there, nothing elsewhere.
        foreach (var state in Enum.GetValues<UpperLayerState>())
        {
            UpperLayerAction? abort = state switch
            {
                Sta1Idle or Sta2AwaitingAssociateRequest or Sta13AwaitingTransportClose => null,
                Sta4AwaitingTransportOpen => AA2,
                _ => AA1,
            };
            UpperLayerAction? artim = state is Sta2AwaitingAssociateRequest or Sta13AwaitingTransportClose ? AA2 : null;

            Assert.True(abort == StateTransitionTable.Find(state, Evt15AbortRequestPrimitive), $"Evt15 in {state}");
            Assert.True(artim == StateTransitionTable.Find(state, Evt18ArtimExpired), $"Evt18 in {state}");
        }
    }

    [Fact]
    public void An_abort_while_the_transport_opens_closes_it_and_ARTIM_outside_its_states_is_refused_without_a_state_change()
    {
        var requestor = new UpperLayerStateMachine(isRequestor: true);
        requestor.Fire(Evt1AssociateRequestPrimitive);

        Assert.False(requestor.CanFire(Evt18ArtimExpired));
        Assert.Throws<InvalidOperationException>(() => requestor.Fire(Evt18ArtimExpired));
        Assert.Equal(Sta4AwaitingTransportOpen, requestor.State);
        Assert.Equal(AA2, requestor.Fire(Evt15AbortRequestPrimitive));
        Assert.Equal(Sta1Idle, requestor.State);

        var acceptor = new UpperLayerStateMachine(isRequestor: false);
        acceptor.Fire(Evt5TransportConnectionIndication);
        Assert.Equal(AA2, acceptor.Fire(Evt18ArtimExpired));
        Assert.Equal(Sta1Idle, acceptor.State);
    }

    [Fact]
    public void An_acceptor_walks_connect_associate_transfer_release_close()
    {
        var m = new UpperLayerStateMachine(isRequestor: false);

        Assert.Equal(AE5, m.Fire(Evt5TransportConnectionIndication));
        Assert.Equal(AE6, m.Fire(Evt6AssociateRequestPdu, requestAcceptable: true));
        Assert.Equal(Sta3AwaitingLocalAssociateResponse, m.State);
        Assert.Equal(AE7, m.Fire(Evt7AssociateAcceptPrimitive));
        Assert.Equal(DT2, m.Fire(Evt10DataPdu));
        Assert.Equal(DT1, m.Fire(Evt9DataRequestPrimitive));
        Assert.Equal(AR2, m.Fire(Evt12ReleaseRequestPdu));
        Assert.Equal(AR4, m.Fire(Evt14ReleaseResponsePrimitive));
        Assert.Equal(Sta13AwaitingTransportClose, m.State);
        Assert.Equal(AR5, m.Fire(Evt17TransportClosed));
        Assert.Equal(Sta1Idle, m.State);
    }

    [Fact]
    public void A_request_the_service_provider_cannot_take_goes_straight_to_Sta13()
    {
        var m = new UpperLayerStateMachine(isRequestor: false);
        m.Fire(Evt5TransportConnectionIndication);

        Assert.Equal(AE6, m.Fire(Evt6AssociateRequestPdu, requestAcceptable: false));
        Assert.Equal(Sta13AwaitingTransportClose, m.State);
    }

    [Fact]
    public void A_release_collision_resolves_on_both_sides()
    {
        var requestor = new UpperLayerStateMachine(isRequestor: true);
        requestor.Fire(Evt1AssociateRequestPrimitive);
        requestor.Fire(Evt2TransportConnectConfirmation);
        requestor.Fire(Evt3AssociateAcceptPdu);
        var acceptor = new UpperLayerStateMachine(isRequestor: false);
        acceptor.Fire(Evt5TransportConnectionIndication);
        acceptor.Fire(Evt6AssociateRequestPdu);
        acceptor.Fire(Evt7AssociateAcceptPrimitive);

        // Both send A-RELEASE-RQ at once, then each receives the other's.
        Assert.Equal(AR1, requestor.Fire(Evt11ReleaseRequestPrimitive));
        Assert.Equal(AR1, acceptor.Fire(Evt11ReleaseRequestPrimitive));
        Assert.Equal(AR8, requestor.Fire(Evt12ReleaseRequestPdu));
        Assert.Equal(AR8, acceptor.Fire(Evt12ReleaseRequestPdu));
        Assert.Equal(Sta9CollisionRequestorAwaitingLocalResponse, requestor.State);
        Assert.Equal(Sta10CollisionAcceptorAwaitingReleaseResponse, acceptor.State);

        // PS3.8 7.2.2: the requestor answers first; the acceptor answers after its confirmation.
        Assert.Equal(AR9, requestor.Fire(Evt14ReleaseResponsePrimitive));
        Assert.Equal(AR10, acceptor.Fire(Evt13ReleaseResponsePdu));
        Assert.Equal(AR4, acceptor.Fire(Evt14ReleaseResponsePrimitive));
        Assert.Equal(AR3, requestor.Fire(Evt13ReleaseResponsePdu));
        Assert.Equal(Sta1Idle, requestor.State);
        Assert.Equal(Sta13AwaitingTransportClose, acceptor.State);
    }

    [Fact]
    public void A_local_primitive_with_no_entry_throws_and_leaves_the_state_alone()
    {
        var m = new UpperLayerStateMachine(isRequestor: false);
        m.Fire(Evt5TransportConnectionIndication);

        Assert.False(m.CanFire(Evt9DataRequestPrimitive));
        Assert.Throws<InvalidOperationException>(() => m.Fire(Evt9DataRequestPrimitive));
        Assert.Equal(Sta2AwaitingAssociateRequest, m.State);
    }
}
