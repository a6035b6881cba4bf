using Peake.Dicom;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Server;

namespace Peake.Cli.Dicom;

/// <summary>
/// `peake dicom get HOST PORT -k Keyword[=Value]... [--level L] [--model patient|study] [--dir D] [--sop-class UID]...
/// [--aet] [--aec] [TLS and timeout options]`: C-GET (PS3.4 C.4.3), like dcmtk's getscu: the matches come back on the same association and are
/// written to D as Part 10 files ("SOP Instance UID".dcm, data set as received). Prints the sub-operation counts and
/// any failed SOP instances; exits 1 unless the final status is success.
/// </summary>
internal static class GetCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var a = new Arguments(args, ["-k", "--level", "--model", "--dir", "--sop-class", .. NetworkPeer.Options], NetworkPeer.Switches);
        var keys = a.Values("-k");
        if (a.Positional.Count != 2)
        {
            throw new UsageException("needs HOST and PORT");
        }

        var peer = NetworkPeer.From(a);
        var sopClass = (a.Option("--model") ?? "study") switch
        {
            "patient" => CGetRequest.PatientRootSopClassUid,
            "study" => CGetRequest.StudyRootSopClassUid,
            var m => throw new UsageException($"--model '{m}' is not patient or study"),
        };
        var storageClasses = a.Values("--sop-class");
        if (storageClasses.FirstOrDefault(uid => !DicomUid.IsValid(uid)) is { } bad)
        {
            throw new UsageException($"--sop-class '{bad}' is not a UID");
        }

        var identifier = FindCommand.Identifier(keys, a.Option("--level") ?? "STUDY");
        using var store = new FolderStore(a.Option("--dir") ?? ".");
        return RetrieveOutcome.Run("get", peer, stdout, async () =>
        {
            var final = await GetAsync(peer, sopClass, identifier, storageClasses.Count > 0 ? storageClasses : null, store).ConfigureAwait(false);
            return new RetrieveOutcome(
                "C-GET", $"C-GET from {peer} into {store.Directory}", final.Status, final.Completed, final.Failed, final.Warning, final.ErrorComment, final.FailedSopInstanceUids);
        });
    }

    private static async Task<CGetResponse> GetAsync(NetworkPeer peer, string sopClass, DicomDataset identifier, IReadOnlyList<string>? storageClasses, FolderStore store)
    {
        var (contexts, roles) = GetContexts.Build(sopClass, storageClasses);
        var request = new AssociationRequest
        {
            CallingAeTitle = peer.CallingAeTitle,
            CalledAeTitle = peer.CalledAeTitle,
            PresentationContexts = contexts,
            RoleSelections = roles,
            // Sub-operations can take long: each message received restarts the wait.
            ResponseTimeout = TimeSpan.FromMinutes(5),
        };
        await using var association = await peer.OpenAsync(request).ConfigureAwait(false);
        if (!association.Association.Contexts.Values.Any(c => c.AbstractSyntax == sopClass))
        {
            await association.ReleaseAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"{peer} did not accept the GET SOP class {sopClass}");
        }

        var final = await association.GetAsync(sopClass, identifier, store).ConfigureAwait(false);
        await association.ReleaseAsync().ConfigureAwait(false);
        return final;
    }
}
