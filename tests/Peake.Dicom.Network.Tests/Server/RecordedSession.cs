using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>
/// A good session as the PDUs a requestor sends, in order: A-ASSOCIATE-RQ, the DIMSE request as P-DATA-TF PDUs, and
/// A-RELEASE-RQ. <see cref="StoredUid"/> and <see cref="DataSetEnd"/> (the byte offset just past the data set's last
/// fragment) are set for a C-STORE session: cut anywhere before it, the instance must not be stored.
/// </summary>
internal sealed record RecordedSession(string Kind, IReadOnlyList<byte[]> Pdus, string? StoredUid = null, int DataSetEnd = 0)
{
    public const string DeadDestination = "DEAD";

    public const string ImplicitLe = "1.2.840.10008.1.2";

    public const string StudyUid = "1.2.826.0.1.3680043.99.8.1";

    public static readonly string[] Kinds = ["echo", "store", "find", "get", "move"];

    private const string Verification = "1.2.840.10008.1.1";

    public byte[] Bytes => [.. Pdus.SelectMany(p => p)];

    public static RecordedSession Create(string kind, int seed) => kind switch
    {
        "echo" => Session(kind, Verification, new CEchoRequest(1), null),
        "store" => Store(seed),
        "find" => Session(kind, CFindRequest.StudyRootSopClassUid, new CFindRequest(1, CFindRequest.StudyRootSopClassUid), Query("STUDY", "", returnKey: true)),
        "get" => Session(kind, CGetRequest.StudyRootSopClassUid, new CGetRequest(1, CGetRequest.StudyRootSopClassUid), Query("STUDY", "9.9.9")),
        "move" => Session(kind, CMoveRequest.StudyRootSopClassUid, new CMoveRequest(1, CMoveRequest.StudyRootSopClassUid, DeadDestination), Query("STUDY", StudyUid)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The syntaxes a server needs to accept every kind of session.</summary>
    public static Dictionary<string, IReadOnlyList<string>> Syntaxes() => new()
    {
        [Verification] = [ImplicitLe],
        [StoreCorpus.SecondaryCapture] = StoreCorpus.Syntaxes,
        [StoreCorpus.CtImage] = StoreCorpus.Syntaxes,
        [CFindRequest.StudyRootSopClassUid] = [ImplicitLe],
        [CGetRequest.StudyRootSopClassUid] = [ImplicitLe],
        [CMoveRequest.StudyRootSopClassUid] = [ImplicitLe],
    };

    public static string SopInstanceUid(int seed) => $"1.2.826.0.1.3680043.99.8.2.{seed}";

    private static RecordedSession Session(string kind, string sopClass, DimseMessage command, DicomDataset? identifier)
    {
        List<PresentationDataValue> pdvs = [new(1, true, true, DimseCommandCodec.Encode(command))];
        if (identifier is not null)
        {
            pdvs.Add(new PresentationDataValue(1, false, true, DicomWriter.ToBytes(identifier, DicomTransferSyntax.ImplicitVRLittleEndian)));
        }

        return new RecordedSession(kind, [Associate(sopClass), PduCodec.Encode(new PDataTransferPdu(pdvs)), PduCodec.Encode(ReleaseRequestPdu.Instance)]);
    }

    /// <summary>A C-STORE whose data set comes in two P-DATA-TF PDUs, so the reassembly of fragments is exercised.</summary>
    private static RecordedSession Store(int seed)
    {
        var uid = SopInstanceUid(seed);
        var data = DicomWriter.ToBytes(Instance(uid), DicomTransferSyntax.ImplicitVRLittleEndian);
        var half = data.Length / 2;
        byte[][] pdus =
        [
            Associate(StoreCorpus.SecondaryCapture),
            PduCodec.Encode(new PDataTransferPdu([new PresentationDataValue(1, true, true, DimseCommandCodec.Encode(new CStoreRequest(1, StoreCorpus.SecondaryCapture, uid)))])),
            PduCodec.Encode(new PDataTransferPdu([new PresentationDataValue(1, false, false, data.AsMemory(0, half))])),
            PduCodec.Encode(new PDataTransferPdu([new PresentationDataValue(1, false, true, data.AsMemory(half))])),
            PduCodec.Encode(ReleaseRequestPdu.Instance),
        ];
        return new RecordedSession("store", pdus, uid, pdus[0].Length + pdus[1].Length + pdus[2].Length + pdus[3].Length);
    }

    private static byte[] Associate(string sopClass) =>
        PduCodec.Encode(new AssociateRequestPdu(TestServer.AeTitle, "MUTANT", [new PresentationContextRequest(1, sopClass, [ImplicitLe])], new UserInformation(16384, "1.2.3")));

    /// <param name="returnKey">A C-FIND asks for Patient's Name too; a C-GET / C-MOVE identifier holds unique keys only (PS3.4 C.4.2.1.4.1).</param>
    private static DicomDataset Query(string level, string studyUid, bool returnKey = false)
    {
        var id = new DicomDataset();
        id.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, level);
        id.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, studyUid);
        if (returnKey)
        {
            id.Set(new DicomValueElement(DicomTags.PatientName, DicomVR.PN, ReadOnlyMemory<byte>.Empty));
        }

        return id;
    }

    private static DicomDataset Instance(string uid)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, StoreCorpus.SecondaryCapture);
        ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, uid);
        ds.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, StudyUid);
        ds.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, StudyUid + ".1");
        ds.SetString(DicomTags.PatientID, DicomVR.LO, "FUZZ");
        ds.SetString(DicomTags.PatientName, DicomVR.PN, "MUTANT^SESSION");
        ds.SetString(DicomTags.Modality, DicomVR.CS, "OT");
        ds.SetValues(DicomTags.Rows, DicomVR.US, (ushort)16);
        ds.SetValues(DicomTags.Columns, DicomVR.US, (ushort)16);
        ds.Set(new DicomValueElement(DicomTags.PixelData, DicomVR.OB, new byte[256]));
        return ds;
    }
}
