using System.Net;
using System.Net.Sockets;
using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Tests.Client;

/// <summary>
/// A C-GET SCP that misbehaves on purpose, which no real peer does: it answers one C-GET with a C-STORE-RQ naming a
/// SOP class other than its presentation context's, records the C-STORE-RSP, then ends with A702H and that instance
/// in the Failed SOP Instance UID List, and accepts the release.
/// </summary>
internal sealed class ScriptedGetScp : IDisposable
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public ScriptedGetScp()
    {
        _listener.Start();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Runs the script once; returns the C-STORE-RSP the requestor sent.</summary>
    public async Task<CStoreResponse> RunAsync(string sopInstanceUid, CancellationToken cancellationToken)
    {
        using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
        var stream = client.GetStream();
        var reader = new PduStreamReader(stream, PduReadLimits.Default);
        try
        {
            var rq = Assert.IsType<AssociateRequestPdu>(await reader.ReadAsync(cancellationToken));
            var accepted = rq.PresentationContexts.Select(pc => new PresentationContextAccept(pc.Id, PresentationContextResult.Acceptance, pc.TransferSyntaxes[0])).ToArray();
            await SendAsync(stream, new AssociateAcceptPdu(rq.CalledAeTitle, rq.CallingAeTitle, accepted, new UserInformation(16384)), cancellationToken);

            var get = Assert.IsType<CGetRequest>(await ReadMessageAsync(reader, cancellationToken));
            var storageContext = rq.PresentationContexts.First(pc => pc.AbstractSyntax != get.AffectedSopClassUid).Id;
            var dataSet = new DicomDataset();
            dataSet.SetString(DicomTags.SOPClassUID, DicomVR.UI, CtImageStorage);
            dataSet.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, sopInstanceUid);
            await SendMessageAsync(stream, storageContext, new CStoreRequest(1, CtImageStorage, sopInstanceUid), DicomWriter.ToBytes(dataSet, DicomTransferSyntax.ExplicitVRLittleEndian), cancellationToken);
            var stored = Assert.IsType<CStoreResponse>(await ReadMessageAsync(reader, cancellationToken));

            var failed = new DicomDataset();
            failed.SetString(DicomTags.FailedSOPInstanceUIDList, DicomVR.UI, sopInstanceUid);
            var final = new CGetResponse(get.MessageId, get.AffectedSopClassUid, CGetStatus.UnableToPerformSubOperations, null, 0, 1, 0) { HasIdentifier = true };
            await SendMessageAsync(stream, 1, final, DicomWriter.ToBytes(failed, DicomTransferSyntax.ExplicitVRLittleEndian), cancellationToken);

            Assert.IsType<ReleaseRequestPdu>(await reader.ReadAsync(cancellationToken));
            await SendAsync(stream, ReleaseResponsePdu.Instance, cancellationToken);
            return stored;
        }
        finally
        {
            await reader.DisposeAsync();
        }
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>One command, with its data set when it announces one (the data set is read and dropped).</summary>
    private static async Task<DimseMessage> ReadMessageAsync(PduStreamReader reader, CancellationToken cancellationToken)
    {
        DimseMessage? command = null;
        var commandBytes = new MemoryStream();
        while (true)
        {
            var pdu = Assert.IsType<PDataTransferPdu>(await reader.ReadAsync(cancellationToken));
            foreach (var pdv in pdu.Values)
            {
                if (pdv.IsCommand)
                {
                    commandBytes.Write(pdv.Data.Span);
                    if (pdv.IsLast)
                    {
                        command = DimseCommandCodec.Decode(commandBytes.ToArray());
                        if (!command.HasDataSet)
                        {
                            return command;
                        }
                    }
                }
                else if (pdv.IsLast)
                {
                    return command!;
                }
            }
        }
    }

    private static async Task SendMessageAsync(NetworkStream stream, byte contextId, DimseMessage command, byte[] dataSet, CancellationToken cancellationToken)
    {
        foreach (var pdu in PDataFragmenter.Fragment(contextId, isCommand: true, DimseCommandCodec.Encode(command), 16384)
            .Concat(PDataFragmenter.Fragment(contextId, isCommand: false, dataSet, 16384)))
        {
            await SendAsync(stream, pdu, cancellationToken);
        }
    }

    private static Task SendAsync(NetworkStream stream, DicomPdu pdu, CancellationToken cancellationToken) =>
        stream.WriteAsync(PduCodec.Encode(pdu), cancellationToken).AsTask();
}
