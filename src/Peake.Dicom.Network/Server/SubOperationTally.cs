using Peake.Dicom.Network.Dimse;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// The sub-operation outcomes of one C-GET or C-MOVE (PS3.4 C.4.2.3, C.4.3.3): the counts its responses carry, the
/// UIDs of the failed ones for the final response's identifier, and that final status. Each outcome is also counted in
/// <see cref="QueryRetrieveMetrics"/> under the operation's name ("get", "move").
/// </summary>
internal sealed class SubOperationTally(string operation)
{
    // PS3.5 7.1.2: an explicit VR UI value has a 16-bit length, so the list is cut to what one value can hold.
    private const int MaxListLength = 0xFFFE;

    private readonly List<string> _failedUids = [];
    private int _listLength = -1;

    public int Completed { get; private set; }

    public int Failed { get; private set; }

    public int Warning { get; private set; }

    public IReadOnlyList<string> FailedSopInstanceUids => _failedUids;

    /// <summary>Counts a sub-operation by the status of its C-STORE-RSP.</summary>
    public void Record(ushort storeStatus, string sopInstanceUid)
    {
        if (DimseStatus.IsSuccess(storeStatus))
        {
            Completed++;
            QueryRetrieveMetrics.SubOperation(operation, "completed");
        }
        else if (DimseStatus.IsWarning(storeStatus))
        {
            Warning++;
            QueryRetrieveMetrics.SubOperation(operation, "warning");
        }
        else
        {
            Fail(sopInstanceUid);
        }
    }

    /// <summary>A sub-operation that failed, or could not even be attempted.</summary>
    public void Fail(string sopInstanceUid)
    {
        Failed++;
        QueryRetrieveMetrics.SubOperation(operation, "failed");
        if (sopInstanceUid.Length > 0 && _listLength + 1 + sopInstanceUid.Length <= MaxListLength)
        {
            _listLength += 1 + sopInstanceUid.Length;
            _failedUids.Add(sopInstanceUid);
        }
    }

    /// <summary>
    /// What the final response carries: its status, the remaining count only after a cancel (PS3.4 C.4.3.1.4: it is
    /// sent on pending and cancel responses only), and the Failed SOP Instance UID List as its identifier.
    /// </summary>
    public (ushort Status, ushort? Remaining, Stream? Identifier) Final(bool cancelled, int remaining, string transferSyntax) =>
        (FinalStatus(cancelled), cancelled ? (ushort)remaining : null, FailedIdentifier(transferSyntax));

    /// <summary>PS3.4 C.4.3.1.4: success, B000H when some failed or warned, A702H when none completed, FE00H after a cancel.</summary>
    private ushort FinalStatus(bool cancelled) =>
        cancelled ? CGetStatus.Cancel
        : Failed == 0 && Warning == 0 ? CGetStatus.Success
        : Completed == 0 && Warning == 0 ? CGetStatus.UnableToPerformSubOperations
        : CGetStatus.CompletedWithFailures;

    /// <summary>
    /// The final response's identifier (PS3.4 C.4.2.1.4, C.4.3.1.4): the Failed SOP Instance UID List, encoded in the
    /// retrieve context's transfer syntax; null when nothing failed.
    /// </summary>
    private Stream? FailedIdentifier(string transferSyntax)
    {
        if (_failedUids.Count == 0)
        {
            return null;
        }

        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.FailedSOPInstanceUIDList, DicomVR.UI, string.Join('\\', _failedUids));
        return new MemoryStream(DicomWriter.ToBytes(identifier, DicomTransferSyntax.Parse(transferSyntax)), writable: false);
    }

    public static ushort Clamp(int count) => (ushort)Math.Min(count, ushort.MaxValue);
}
