using Peake.Dicom;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Dimse;

namespace Peake.Cli.Dicom;

/// <summary>
/// What `peake dicom get` proposes (decided in ADR 0012). PS3.8 9.3.2.2 allows 128 presentation contexts and the
/// registry has more storage SOP classes than that, so they are proposed in order until the limit: first the classes
/// a hospital archive mostly holds, each in an Explicit VR context, an Implicit VR one and, for images, one in the usual
/// compressed syntaxes (an SCP that sends files as stored, as `peake dicom scp` does, needs a context in exactly the
/// file's syntax); then every other current storage class in one uncompressed context. Classes named with
/// `--sop-class` get one context per compressed syntax instead. The SCP role is proposed for each class (PS3.4
/// C.4.3.3, PS3.7 D.3.3.4).
/// </summary>
internal static class GetContexts
{
    // PS3.8 9.3.2.2: odd ids 1-255.
    private const int MaxContexts = 128;

    private static readonly string[] Uncompressed = [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid];

    private static readonly string[] Implicit = [DicomTransferSyntax.ImplicitVRLittleEndian.Uid];

    private static readonly string[] Compressed =
    [
        DicomTransferSyntax.JpegLosslessSV1.Uid, DicomTransferSyntax.JpegBaseline.Uid, DicomTransferSyntax.Jpeg2000Lossless.Uid,
        DicomTransferSyntax.Jpeg2000.Uid, DicomTransferSyntax.JpegLsLossless.Uid, DicomTransferSyntax.RleLossless.Uid,
        DicomTransferSyntax.JpegLossless.Uid, DicomTransferSyntax.JpegExtended.Uid,
    ];

    private static readonly string[] CommonClasses =
    [
        "CTImageStorage", "EnhancedCTImageStorage", "MRImageStorage", "EnhancedMRImageStorage", "ComputedRadiographyImageStorage",
        "DigitalXRayImageStorageForPresentation", "DigitalXRayImageStorageForProcessing", "DigitalMammographyXRayImageStorageForPresentation",
        "DigitalMammographyXRayImageStorageForProcessing", "BreastTomosynthesisImageStorage", "UltrasoundImageStorage",
        "UltrasoundMultiFrameImageStorage", "SecondaryCaptureImageStorage", "XRayAngiographicImageStorage", "XRayRadiofluoroscopicImageStorage",
        "NuclearMedicineImageStorage", "PositronEmissionTomographyImageStorage", "RTImageStorage", "VLPhotographicImageStorage",
        "VLWholeSlideMicroscopyImageStorage", "GrayscaleSoftcopyPresentationStateStorage", "KeyObjectSelectionDocumentStorage",
        "BasicTextSRStorage", "EnhancedSRStorage", "ComprehensiveSRStorage", "XRayRadiationDoseSRStorage", "EncapsulatedPDFStorage",
        "SegmentationStorage", "RTStructureSetStorage", "RTPlanStorage", "RTDoseStorage",
    ];

    /// <summary>
    /// The retrieve context (id 1) and storage contexts for <paramref name="storageClasses"/> (null: the default
    /// order above), at most 128 in all; and the role selections for the storage classes proposed.
    /// </summary>
    public static (IReadOnlyList<PresentationContextRequest> Contexts, IReadOnlyList<RoleSelection> Roles) Build(string getSopClassUid, IReadOnlyList<string>? storageClasses)
    {
        var contexts = new List<PresentationContextRequest> { new(1, getSopClassUid, Uncompressed) };
        var roles = new List<RoleSelection>();
        foreach (var (sopClass, syntaxSets) in Classes(storageClasses))
        {
            if (contexts.Count + syntaxSets.Length > MaxContexts)
            {
                break;
            }

            foreach (var syntaxes in syntaxSets)
            {
                contexts.Add(new PresentationContextRequest((byte)(1 + (2 * contexts.Count)), sopClass, syntaxes));
            }

            // PS3.7 D.3.3.4: we take the SCP role only (the SCU role is the default for the requestor).
            roles.Add(new RoleSelection(sopClass, ScuRole: false, ScpRole: true));
        }

        return (contexts, roles);
    }

    /// <summary>Each class with the syntax lists of its contexts, in the order they are proposed.</summary>
    private static IEnumerable<(string SopClass, string[][] SyntaxSets)> Classes(IReadOnlyList<string>? chosen)
    {
        string[][] full = [Uncompressed, Implicit, Compressed];
        if (chosen is not null)
        {
            // Classes named with --sop-class are few, so each compressed syntax gets its own context: an SCP that
            // sends files as stored can then send every one, whatever compressed syntax it was stored in.
            string[][] each = [Uncompressed, Implicit, .. Compressed.Select(syntax => new[] { syntax })];
            return chosen.Distinct(StringComparer.Ordinal).Select(uid => (uid, each));
        }

        var byKeyword = DicomUidRegistry.Entries.Where(e => e.Type == "SOP Class").ToDictionary(e => e.Keyword, e => e.Uid, StringComparer.Ordinal);
        var common = CommonClasses
            .Select(k => (byKeyword[k], k.EndsWith("ImageStorage", StringComparison.Ordinal) ? full : [Uncompressed, Implicit]))
            .ToArray();
        var commonUids = common.Select(c => c.Item1).ToHashSet(StringComparer.Ordinal);
        var others = StorageSopClasses.All
            .Where(uid => !commonUids.Contains(uid) && DicomUidRegistry.Lookup(uid) is { Retired: false })
            .Order(StringComparer.Ordinal)
            .Select(uid => (uid, new[] { Uncompressed }));
        return common.Concat(others);
    }
}
