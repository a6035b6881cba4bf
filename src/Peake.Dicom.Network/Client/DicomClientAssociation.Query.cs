using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Server;

namespace Peake.Dicom.Network.Client;

/// <summary>C-FIND and C-MOVE as SCU, and what they share with C-GET: sending the identifier, reading the answers.</summary>
public sealed partial class DicomClientAssociation
{
    /// <summary>
    /// C-FIND (PS3.7 9.1.2): sends <paramref name="identifier"/> on a context accepted for the model, hands each pending
    /// response's identifier to <paramref name="onMatch"/> and returns the final response (success, cancel, failure).
    /// </summary>
    public async Task<CFindResponse> FindAsync(string sopClassUid, DicomDataset identifier, Action<DicomDataset> onMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onMatch);
        var (id, syntax) = await SendQueryAsync(sopClassUid, id => new CFindRequest(id, sopClassUid), identifier, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var (response, match) = await ReceiveAnswerAsync<CFindResponse>(id, r => r.MessageIdBeingRespondedTo, null, cancellationToken).ConfigureAwait(false);
            if (match is not null)
            {
                onMatch(Identifier(match, syntax));
            }
            if (!DimseStatus.IsPending(response.Status))
            {
                return response;
            }
        }
    }

    /// <summary>
    /// C-MOVE (PS3.7 9.1.4): asks the peer to C-STORE what <paramref name="identifier"/> names to the AE titled
    /// <paramref name="moveDestination"/>, hands each pending response (with its counts) to <paramref name="onPending"/>
    /// and returns the final one, with the Failed SOP Instance UID List when the peer sent one.
    /// </summary>
    public Task<CMoveResponse> MoveAsync(string sopClassUid, string moveDestination, DicomDataset identifier, Action<CMoveResponse>? onPending = null, CancellationToken cancellationToken = default) =>
        RetrieveAsync(
            sopClassUid, id => new CMoveRequest(id, sopClassUid, moveDestination), identifier, storeHandler: null, onPending,
            r => r.MessageIdBeingRespondedTo, r => r.Status, (r, failed) => r with { FailedSopInstanceUids = failed }, cancellationToken);

    /// <summary>
    /// A C-GET or C-MOVE (PS3.4 C.4.2.3, C.4.3.3): sends the request and its identifier, then takes responses (serving
    /// C-STORE sub-operations into <paramref name="storeHandler"/> meanwhile, for a C-GET) until the final one, which
    /// is returned with the Failed SOP Instance UID List its identifier carries; pending ones go to <paramref name="onPending"/>.
    /// </summary>
    private async Task<T> RetrieveAsync<T>(
        string sopClassUid,
        Func<ushort, DimseMessage> request,
        DicomDataset identifier,
        IStoreHandler? storeHandler,
        Action<T>? onPending,
        Func<T, ushort> respondedTo,
        Func<T, ushort> status,
        Func<T, IReadOnlyList<string>, T> withFailedUids,
        CancellationToken cancellationToken)
        where T : DimseMessage
    {
        var (id, syntax) = await SendQueryAsync(sopClassUid, request, identifier, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var (response, data) = await ReceiveAnswerAsync(id, respondedTo, storeHandler, cancellationToken).ConfigureAwait(false);
            if (!DimseStatus.IsPending(status(response)))
            {
                return withFailedUids(response, FailedUids(data, syntax));
            }
            onPending?.Invoke(response);
        }
    }

    /// <summary>A C-FIND, C-GET or C-MOVE request and its identifier, on a context accepted for the model.</summary>
    private async Task<(ushort MessageId, DicomTransferSyntax Syntax)> SendQueryAsync(string sopClassUid, Func<ushort, DimseMessage> request, DicomDataset identifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var context = FindContext(sopClassUid, null);
        var syntax = DicomTransferSyntax.Parse(context.TransferSyntax);
        var id = _nextMessageId++;
        await SendCommandAsync(context.Id, request(id), cancellationToken).ConfigureAwait(false);
        using var data = new MemoryStream(DicomWriter.ToBytes(identifier, syntax), writable: false);
        await SendDataSetAsync(context, data, cancellationToken).ConfigureAwait(false);
        return (id, syntax);
    }

    /// <summary>A received identifier; one that cannot be read is the peer's protocol error.</summary>
    private static DicomDataset Identifier(byte[] bytes, DicomTransferSyntax syntax)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return DicomReader.ReadDataset(stream, syntax);
        }
        catch (DicomParseException e)
        {
            throw new DicomNetworkProtocolException(AbortReason.NotSpecified, $"unreadable identifier: {e.Message}");
        }
    }

    /// <summary>(0008,0058) of a final C-GET/C-MOVE response's identifier (PS3.4 C.4.2.1.4, C.4.3.1.4).</summary>
    private static IReadOnlyList<string> FailedUids(byte[]? identifier, DicomTransferSyntax syntax) =>
        identifier is null ? [] : Identifier(identifier, syntax).GetStrings(DicomTags.FailedSOPInstanceUIDList);
}
