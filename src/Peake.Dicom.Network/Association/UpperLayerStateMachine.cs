namespace Peake.Dicom.Network.Association;

/// <summary>
/// The protocol machine of one association (PS3.8 9.2): the current state and the transition of
/// <see cref="StateTransitionTable"/>. It decides only which action follows an event; the association carries the
/// action out (send, close, start ARTIM). Kept free of I/O so every transition is testable on its own.
/// </summary>
public sealed class UpperLayerStateMachine
{
    public UpperLayerStateMachine(bool isRequestor)
    {
        IsRequestor = isRequestor;
    }

    public bool IsRequestor { get; }

    public UpperLayerState State { get; private set; } = UpperLayerState.Sta1Idle;

    /// <summary>
    /// Applies an event and returns the action to perform. <paramref name="requestAcceptable"/> only matters for
    /// Evt6 in Sta2 (AE-6). An event with no entry for the current state is a local programming error (a received PDU
    /// always has an entry where PDUs can arrive) and throws without changing state.
    /// </summary>
    public UpperLayerAction Fire(UpperLayerEvent evt, bool requestAcceptable = true)
    {
        var action = StateTransitionTable.Find(State, evt)
            ?? throw new InvalidOperationException($"PS3.8 Table 9-10 has no transition for {evt} in {State}");
        State = StateTransitionTable.NextState(action, IsRequestor, requestAcceptable);
        return action;
    }

    /// <summary>True when Table 9-10 allows <paramref name="evt"/> in the current state.</summary>
    public bool CanFire(UpperLayerEvent evt) => StateTransitionTable.Find(State, evt) is not null;

    /// <summary>The event a received PDU raises (PS3.8 Table 9-10, Evt3/4/6/10/12/13/16).</summary>
    public static UpperLayerEvent EventFor(Pdu.DicomPdu pdu) => pdu.Type switch
    {
        Pdu.PduType.AssociateAccept => UpperLayerEvent.Evt3AssociateAcceptPdu,
        Pdu.PduType.AssociateReject => UpperLayerEvent.Evt4AssociateRejectPdu,
        Pdu.PduType.AssociateRequest => UpperLayerEvent.Evt6AssociateRequestPdu,
        Pdu.PduType.DataTransfer => UpperLayerEvent.Evt10DataPdu,
        Pdu.PduType.ReleaseRequest => UpperLayerEvent.Evt12ReleaseRequestPdu,
        Pdu.PduType.ReleaseResponse => UpperLayerEvent.Evt13ReleaseResponsePdu,
        Pdu.PduType.Abort => UpperLayerEvent.Evt16AbortPdu,
        _ => UpperLayerEvent.Evt19InvalidPdu,
    };
}
