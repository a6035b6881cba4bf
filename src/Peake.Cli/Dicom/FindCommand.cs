using Peake.Dicom;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;

namespace Peake.Cli.Dicom;

/// <summary>
/// `peake dicom find HOST PORT -k Keyword[=Value]... [--level L] [--model patient|study] [--aet] [--aec]`: C-FIND
/// (PS3.4 C.4.1), like dcmtk's findscu. Prints each match as a dump; exits 1 unless the final status is success.
/// </summary>
internal static class FindCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var a = new Arguments(args, ["-k", "--level", "--model", .. NetworkPeer.Options], NetworkPeer.Switches);
        var keys = a.Values("-k");
        if (a.Positional.Count != 2)
        {
            throw new UsageException("needs HOST and PORT");
        }

        var peer = NetworkPeer.From(a);
        var sopClass = (a.Option("--model") ?? "study") switch
        {
            "patient" => CFindRequest.PatientRootSopClassUid,
            "study" => CFindRequest.StudyRootSopClassUid,
            var m => throw new UsageException($"--model '{m}' is not patient or study"),
        };
        var identifier = Identifier(keys, a.Option("--level") ?? "STUDY");
        try
        {
            var matches = 0;
            var dumper = new DatasetDumper(stdout);
            var final = FindAsync(peer, sopClass, identifier, match =>
            {
                stdout.WriteLine($"# match {++matches}");
                dumper.Write(match, 0);
            }).GetAwaiter().GetResult();
            if (!DimseStatus.IsSuccess(final.Status))
            {
                Console.Error.WriteLine($"peake dicom find: {peer} ended C-FIND with status 0x{final.Status:X4}{(final.ErrorComment is { } c ? $" ({c})" : "")}");
                return CommandTable.ExitFailure;
            }

            stdout.WriteLine($"C-FIND to {peer}: {matches} match(es)");
            return 0;
        }
        catch (Exception e) when (NetworkFailure.Describe(e, peer) is { } reason)
        {
            Console.Error.WriteLine($"peake dicom find: {reason}");
            return CommandTable.ExitFailure;
        }
    }

    /// <summary>Keys by dictionary keyword; no value is a return key (universal match).</summary>
    internal static DicomDataset Identifier(IReadOnlyList<string> keys, string level)
    {
        var identifier = new DicomDataset();
        if (keys.Any(k => k.Any(c => c > 0x7E)))
        {
            // Anything beyond ASCII goes as UTF-8 (PS3.5 6.1.2.5.3: ISO_IR 192).
            identifier.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        }

        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, level);
        foreach (var key in keys)
        {
            var eq = key.IndexOf('=', StringComparison.Ordinal);
            var keyword = eq < 0 ? key : key[..eq];
            var entry = DicomDictionary.Lookup(keyword) ?? throw new UsageException($"-k '{keyword}' is not a DICOM keyword");
            var vr = entry.VRs[0];
            if (!vr.IsString)
            {
                throw new UsageException($"-k '{keyword}' is {vr}: only text keys are supported");
            }

            identifier.SetString(entry.Tag, vr, eq < 0 ? "" : key[(eq + 1)..]);
        }

        return identifier;
    }

    private static async Task<CFindResponse> FindAsync(NetworkPeer peer, string sopClass, DicomDataset identifier, Action<DicomDataset> onMatch)
    {
        var request = new AssociationRequest
        {
            CallingAeTitle = peer.CallingAeTitle,
            CalledAeTitle = peer.CalledAeTitle,
            PresentationContexts =
            [
                new PresentationContextRequest(1, sopClass, [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid]),
            ],
        };
        await using var association = await peer.OpenAsync(request).ConfigureAwait(false);
        if (association.Association.Contexts.Count == 0)
        {
            await association.ReleaseAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"{peer} did not accept the FIND SOP class {sopClass}");
        }

        var final = await association.FindAsync(sopClass, identifier, onMatch).ConfigureAwait(false);
        await association.ReleaseAsync().ConfigureAwait(false);
        return final;
    }
}
