using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Association;

/// <summary>
/// Puts DIMSE messages back together from PDVs (PS3.8 9.3.5.1, Annex E; PS3.7 6.3.1): all command fragments, the last
/// flagged, then (when the command announces one) all data set fragments, the last flagged, all on one accepted
/// presentation context. The command is collected (bounded by <see cref="MaxCommandLength"/>, command sets are
/// small); data set fragments are handed on one by one so a large data set is never held whole. Anything out of
/// this order is a protocol violation. Nothing is copied per PDU: a command in one PDV (the usual case) and every
/// data set fragment are handed on as slices of the PDV, valid as long as the PDV's bytes are (until the next PDU
/// is read); only a command split over several PDVs is collected into a buffer that is then reused.
/// </summary>
public sealed class PDataReassembler
{
    public const int MaxCommandLength = 64 * 1024;

    private readonly IReadOnlyDictionary<byte, AcceptedPresentationContext> _contexts;
    private readonly MemoryStream _command = new();
    private Phase _phase = Phase.AwaitingCommand;
    private byte _contextId;

    public PDataReassembler(IReadOnlyDictionary<byte, AcceptedPresentationContext> contexts)
    {
        _contexts = contexts;
    }

    private enum Phase
    {
        AwaitingCommand,
        ReadingCommand,
        AwaitingDecision,
        ReadingDataSet,
    }

    /// <summary>Takes one PDV; returns what it completed or carried, or null when it only added to a command.</summary>
    public PDataFragment? Accept(PresentationDataValue pdv)
    {
        if (!_contexts.ContainsKey(pdv.PresentationContextId))
        {
            throw Violation($"PDV on presentation context {pdv.PresentationContextId}, which was not accepted");
        }
        switch (_phase)
        {
            case Phase.AwaitingCommand or Phase.ReadingCommand:
                if (!pdv.IsCommand)
                {
                    throw Violation("data set PDV where a command was expected");
                }
                if (_phase == Phase.ReadingCommand && pdv.PresentationContextId != _contextId)
                {
                    throw Violation($"command fragments on presentation contexts {_contextId} and {pdv.PresentationContextId}");
                }
                if (_command.Length + pdv.Data.Length > MaxCommandLength)
                {
                    throw Violation($"a command set longer than {MaxCommandLength} bytes");
                }
                _contextId = pdv.PresentationContextId;
                if (pdv.IsLast && _command.Length == 0)
                {
                    _phase = Phase.AwaitingDecision;
                    return new PDataFragment(_contextId, IsCommand: true, IsLast: true, pdv.Data);
                }
                _command.Write(pdv.Data.Span);
                if (!pdv.IsLast)
                {
                    _phase = Phase.ReadingCommand;
                    return null;
                }
                _phase = Phase.AwaitingDecision;
                var command = _command.ToArray();
                _command.SetLength(0);
                return new PDataFragment(_contextId, IsCommand: true, IsLast: true, command);
            case Phase.ReadingDataSet:
                if (pdv.IsCommand)
                {
                    throw Violation("command PDV inside a data set");
                }
                if (pdv.PresentationContextId != _contextId)
                {
                    throw Violation($"data set fragments on presentation contexts {_contextId} and {pdv.PresentationContextId}");
                }
                if (pdv.IsLast)
                {
                    _phase = Phase.AwaitingCommand;
                }
                return new PDataFragment(_contextId, IsCommand: false, pdv.IsLast, pdv.Data);
            default:
                throw new InvalidOperationException("the last command was not answered with ExpectDataSet or ExpectCommand");
        }
    }

    /// <summary>The command just returned announces a data set (PS3.7 E.1: Command Data Set Type other than 0101H).</summary>
    public void ExpectDataSet() => Decide(Phase.ReadingDataSet);

    /// <summary>The command just returned stands alone; the next PDV starts a new command.</summary>
    public void ExpectCommand() => Decide(Phase.AwaitingCommand);

    /// <summary>True between messages, the only point where an A-RELEASE-RQ is not cutting a message short.</summary>
    public bool IsBetweenMessages => _phase == Phase.AwaitingCommand && _command.Length == 0;

    private void Decide(Phase next)
    {
        if (_phase != Phase.AwaitingDecision)
        {
            throw new InvalidOperationException("no command is waiting for a decision");
        }
        _phase = next;
    }

    private static DicomNetworkProtocolException Violation(string message) => new(AbortReason.UnexpectedPduParameter, message);
}
