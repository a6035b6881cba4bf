namespace Peake.Dicom.Network.Association;

/// <summary>
/// PS3.8 Table 9-10, kept as data in the shape the standard prints it so it can be checked cell by cell: one row per
/// event, one column per state, "-" where the event cannot happen in that state. Looking up an empty cell for a
/// received PDU never happens (every PDU event has an entry in every state where a PDU can arrive); for a local
/// primitive an empty cell is a programming error and is reported as such. Checked cell by cell against a
/// transcription of Table 9-10 (all 123 entries agree; in particular Evt15 in Sta4 is AA-2 and Evt18 has entries only
/// in Sta2 and Sta13), and each action's next state against Tables 9-6 to 9-9.
/// </summary>
public static class StateTransitionTable
{
    private const string Table = """
              Sta1  Sta2  Sta3  Sta4  Sta5  Sta6  Sta7  Sta8  Sta9  Sta10 Sta11 Sta12 Sta13
        Evt1  AE-1  -     -     -     -     -     -     -     -     -     -     -     -
        Evt2  -     -     -     AE-2  -     -     -     -     -     -     -     -     -
        Evt3  -     AA-1  AA-8  -     AE-3  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6
        Evt4  -     AA-1  AA-8  -     AE-4  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6
        Evt5  AE-5  -     -     -     -     -     -     -     -     -     -     -     -
        Evt6  -     AE-6  AA-8  -     AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-7
        Evt7  -     -     AE-7  -     -     -     -     -     -     -     -     -     -
        Evt8  -     -     AE-8  -     -     -     -     -     -     -     -     -     -
        Evt9  -     -     -     -     -     DT-1  -     AR-7  -     -     -     -     -
        Evt10 -     AA-1  AA-8  -     AA-8  DT-2  AR-6  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6
        Evt11 -     -     -     -     -     AR-1  -     -     -     -     -     -     -
        Evt12 -     AA-1  AA-8  -     AA-8  AR-2  AR-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6
        Evt13 -     AA-1  AA-8  -     AA-8  AA-8  AR-3  AA-8  AA-8  AR-10 AR-3  AA-8  AA-6
        Evt14 -     -     -     -     -     -     -     AR-4  AR-9  -     -     AR-4  -
        Evt15 -     -     AA-1  AA-2  AA-1  AA-1  AA-1  AA-1  AA-1  AA-1  AA-1  AA-1  -
        Evt16 -     AA-2  AA-3  -     AA-3  AA-3  AA-3  AA-3  AA-3  AA-3  AA-3  AA-3  AA-2
        Evt17 -     AA-5  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AR-5
        Evt18 -     AA-2  -     -     -     -     -     -     -     -     -     -     AA-2
        Evt19 -     AA-1  AA-8  -     AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-7
        """;

    private static readonly UpperLayerAction?[,] Cells = Parse();

    /// <summary>The action for <paramref name="evt"/> in <paramref name="state"/>, or null where Table 9-10 has no entry.</summary>
    public static UpperLayerAction? Find(UpperLayerState state, UpperLayerEvent evt) => Cells[(int)evt - 1, (int)state - 1];

    /// <summary>
    /// The state an action leads to (PS3.8 Tables 9-6 to 9-9). AE-6 depends on whether the service provider finds the
    /// request acceptable, AR-8 on which side requested the association.
    /// </summary>
    public static UpperLayerState NextState(UpperLayerAction action, bool isRequestor, bool requestAcceptable) => action switch
    {
        UpperLayerAction.AE1 => UpperLayerState.Sta4AwaitingTransportOpen,
        UpperLayerAction.AE2 => UpperLayerState.Sta5AwaitingAssociateResponse,
        UpperLayerAction.AE3 => UpperLayerState.Sta6Established,
        UpperLayerAction.AE4 => UpperLayerState.Sta1Idle,
        UpperLayerAction.AE5 => UpperLayerState.Sta2AwaitingAssociateRequest,
        UpperLayerAction.AE6 => requestAcceptable ? UpperLayerState.Sta3AwaitingLocalAssociateResponse : UpperLayerState.Sta13AwaitingTransportClose,
        UpperLayerAction.AE7 => UpperLayerState.Sta6Established,
        UpperLayerAction.AE8 => UpperLayerState.Sta13AwaitingTransportClose,
        UpperLayerAction.DT1 or UpperLayerAction.DT2 => UpperLayerState.Sta6Established,
        UpperLayerAction.AR1 => UpperLayerState.Sta7AwaitingReleaseResponse,
        UpperLayerAction.AR2 => UpperLayerState.Sta8AwaitingLocalReleaseResponse,
        UpperLayerAction.AR3 => UpperLayerState.Sta1Idle,
        UpperLayerAction.AR4 => UpperLayerState.Sta13AwaitingTransportClose,
        UpperLayerAction.AR5 => UpperLayerState.Sta1Idle,
        UpperLayerAction.AR6 => UpperLayerState.Sta7AwaitingReleaseResponse,
        UpperLayerAction.AR7 => UpperLayerState.Sta8AwaitingLocalReleaseResponse,
        UpperLayerAction.AR8 => isRequestor ? UpperLayerState.Sta9CollisionRequestorAwaitingLocalResponse : UpperLayerState.Sta10CollisionAcceptorAwaitingReleaseResponse,
        UpperLayerAction.AR9 => UpperLayerState.Sta11CollisionRequestorAwaitingReleaseResponse,
        UpperLayerAction.AR10 => UpperLayerState.Sta12CollisionAcceptorAwaitingLocalResponse,
        UpperLayerAction.AA1 => UpperLayerState.Sta13AwaitingTransportClose,
        UpperLayerAction.AA2 or UpperLayerAction.AA3 or UpperLayerAction.AA4 or UpperLayerAction.AA5 => UpperLayerState.Sta1Idle,
        UpperLayerAction.AA6 or UpperLayerAction.AA7 or UpperLayerAction.AA8 => UpperLayerState.Sta13AwaitingTransportClose,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private static UpperLayerAction?[,] Parse()
    {
        var states = Enum.GetValues<UpperLayerState>().Length;
        var events = Enum.GetValues<UpperLayerEvent>().Length;
        var cells = new UpperLayerAction?[events, states];
        var lines = Table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var row = 1; row < lines.Length; row++)
        {
            var fields = lines[row].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var evt = int.Parse(fields[0].AsSpan(3), System.Globalization.CultureInfo.InvariantCulture);
            if (evt != row || fields.Length != states + 1)
            {
                throw new InvalidOperationException($"Table 9-10 row {row} is malformed: {lines[row]}");
            }
            for (var state = 0; state < states; state++)
            {
                var cell = fields[state + 1];
                cells[evt - 1, state] = cell == "-" ? null : Enum.Parse<UpperLayerAction>(cell.Replace("-", "", StringComparison.Ordinal));
            }
        }
        return cells;
    }
}
