using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Server.StorageCommitment;
using Peake.Dicom.Network.StorageCommitment;

namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>
/// A storage commitment SCP on a <see cref="TestServer"/> and the raw messages a scripted requestor sends it: the
/// Storage Commitment context (id 1) and Verification (id 3), N-ACTIONs and their Action Information.
/// </summary>
internal static class CommitmentScript
{
    public const string Echo = "1.2.840.10008.1.1";
    public const string ImplicitLe = "1.2.840.10008.1.2";
    public const string SecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";

    /// <summary>Instances under this UID root are the ones a <see cref="PrefixCommitmentHandler"/> commits.</summary>
    public const string Kept = "1.2.826.0.1.3680043.99.30.1";

    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public static TestServer Start(IStorageCommitmentHandler handler, Func<StorageCommitmentOptions, StorageCommitmentOptions>? configure = null, TimeSpan? idleTimeout = null)
    {
        var commitment = new StorageCommitmentOptions { Handler = handler };
        return TestServer.Start(
            o => o with { StorageCommitment = configure?.Invoke(commitment) ?? commitment, IdleTimeout = idleTimeout ?? o.IdleTimeout },
            syntaxes: new Dictionary<string, IReadOnlyList<string>> { [StorageCommitmentSop.SopClassUid] = [ImplicitLe], [Echo] = [ImplicitLe] });
    }

    public static AssociationRequest Request(string callingAe) => new()
    {
        CallingAeTitle = callingAe,
        CalledAeTitle = TestServer.AeTitle,
        PresentationContexts = [new PresentationContextRequest(1, StorageCommitmentSop.SopClassUid, [ImplicitLe]), new PresentationContextRequest(3, Echo, [ImplicitLe])],
        ResponseTimeout = Bound,
    };

    public static async Task<RawPeer> AssociateAsync(TestServer server, string callingAe = "RAW")
    {
        var peer = await RawPeer.ConnectAsync(server.Server.Port);
        var rq = Request(callingAe);
        await peer.SendAsync(new AssociateRequestPdu(rq.CalledAeTitle, rq.CallingAeTitle, rq.PresentationContexts, new UserInformation(16384, "1.2.3")));
        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(Bound));
        return peer;
    }

    public static NActionRequest Action(ushort actionType = 1, string instance = StorageCommitmentSop.SopInstanceUid, string sopClass = StorageCommitmentSop.SopClassUid) =>
        new(7, sopClass, instance, actionType);

    public static byte[] Information(string? transactionUid, bool withReferences, params string[] alsoReferenced)
    {
        var ds = new DicomDataset();
        if (transactionUid is not null)
        {
            ds.SetString(DicomTags.TransactionUID, DicomVR.UI, transactionUid);
        }

        if (withReferences)
        {
            var item = new DicomDataset();
            item.SetString(DicomTags.ReferencedSOPClassUID, DicomVR.UI, SecondaryCapture);
            item.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, Kept + ".3");
            var others = alsoReferenced.Select(uid =>
            {
                var other = new DicomDataset();
                other.SetString(DicomTags.ReferencedSOPClassUID, DicomVR.UI, SecondaryCapture);
                other.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, uid);
                return other;
            });
            ds.Set(new DicomSequence(DicomTags.ReferencedSOPSequence, [item, .. others]));
        }

        return DicomWriter.ToBytes(ds, DicomTransferSyntax.ImplicitVRLittleEndian);
    }

    public static async Task SendAsync(RawPeer peer, byte contextId, DimseMessage command, byte[]? data)
    {
        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(contextId, true, true, DimseCommandCodec.Encode(command))]));
        if (data is not null)
        {
            await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(contextId, false, true, data)]));
        }
    }

    public static async Task<DimseMessage> ReceiveCommandAsync(RawPeer peer)
    {
        var pdv = Assert.IsType<PDataTransferPdu>(await peer.ReceiveAsync(Bound)).Values.Single();
        Assert.True(pdv.IsCommand && pdv.IsLast);
        return DimseCommandCodec.Decode(pdv.Data);
    }

}
