using System.Net.Sockets;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.StorageCommitment;

namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>Raw storage commitment messages for scripted SCPs on a <see cref="RawPeer"/> (implicit VR LE contexts).</summary>
internal static class CommitmentMessages
{
    /// <summary>The next connection to <paramref name="listener"/>, every proposed context accepted in implicit VR LE.</summary>
    public static async Task<RawPeer> AcceptAsync(TcpListener listener)
    {
        var peer = await RawPeer.AcceptAsync(listener, CommitmentScript.Bound);
        var rq = Assert.IsType<AssociateRequestPdu>(await peer.ReceiveAsync(CommitmentScript.Bound));
        await peer.SendAsync(new AssociateAcceptPdu(
            rq.CalledAeTitle, rq.CallingAeTitle, [.. rq.PresentationContexts.Select(pc => new PresentationContextAccept(pc.Id, PresentationContextResult.Acceptance, CommitmentScript.ImplicitLe))], new UserInformation(16384)));
        return peer;
    }

    public static PresentationDataValue Pdv(DimseMessage command, byte contextId = 1) => new(contextId, true, true, DimseCommandCodec.Encode(command));

    public static PresentationDataValue[] Report(SopReference instance, ushort messageId, string transaction)
    {
        var result = new StorageCommitmentResult(transaction, [instance], []);
        return
        [
            Pdv(new NEventReportRequest(messageId, StorageCommitmentSop.SopClassUid, StorageCommitmentSop.SopInstanceUid, result.EventTypeId)),
            new(1, false, true, StorageCommitmentDataSets.EventInformation(result, "SCP", DicomTransferSyntax.ImplicitVRLittleEndian)),
        ];
    }

    public static async Task<(NActionRequest Action, string Transaction)> ReadActionAsync(RawPeer peer, Queue<(DimseMessage, byte[]?)> messages)
    {
        var (command, data) = await ReadMessageAsync(peer, messages);
        var action = Assert.IsType<NActionRequest>(command);
        return (action, StorageCommitmentDataSets.ReadActionInformation(data!, DicomTransferSyntax.ImplicitVRLittleEndian).TransactionUid);
    }

    public static async Task<ushort> ReadReportAnswerAsync(RawPeer peer, Queue<(DimseMessage, byte[]?)> messages, ushort messageId)
    {
        var response = Assert.IsType<NEventReportResponse>((await ReadMessageAsync(peer, messages)).Command);
        Assert.Equal(messageId, response.MessageIdBeingRespondedTo);
        return response.Status;
    }

    /// <summary>The next whole message (single-PDV commands and data sets, as our client sends them at 16 KiB).</summary>
    public static async Task<(DimseMessage Command, byte[]? Data)> ReadMessageAsync(RawPeer peer, Queue<(DimseMessage, byte[]?)> messages)
    {
        DimseMessage? command = null;
        (DimseMessage, byte[]?) message;
        while (!messages.TryDequeue(out message))
        {
            var pdu = Assert.IsType<PDataTransferPdu>(await peer.ReceiveAsync(CommitmentScript.Bound));
            foreach (var pdv in pdu.Values)
            {
                if (pdv.IsCommand)
                {
                    command = DimseCommandCodec.Decode(pdv.Data);
                    if (!command.HasDataSet)
                    {
                        messages.Enqueue((command, null));
                    }
                }
                else
                {
                    messages.Enqueue((command!, pdv.Data.ToArray()));
                }
            }
        }

        return message;
    }
}
