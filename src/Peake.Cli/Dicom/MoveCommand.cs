using Peake.Dicom;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;

namespace Peake.Cli.Dicom;

/// <summary>
/// `peake dicom move HOST PORT --dest AE -k Keyword[=Value]... [--level L] [--model patient|study] [--aet] [--aec]`:
/// C-MOVE (PS3.4 C.4.2), like dcmtk's movescu: the peer sends the matches to the AE titled --dest. Prints the
/// sub-operation counts and any failed SOP instances; exits 1 unless the final status is success.
/// </summary>
internal static class MoveCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var a = new Arguments(args, ["-k", "--level", "--model", "--dest", .. NetworkPeer.Options], NetworkPeer.Switches);
        var keys = a.Values("-k");
        if (a.Positional.Count != 2)
        {
            throw new UsageException("needs HOST and PORT");
        }

        var peer = NetworkPeer.From(a);
        var destination = NetworkPeer.ParseAeTitle(a.Option("--dest") ?? throw new UsageException("--dest AE is required"), "--dest");
        var sopClass = (a.Option("--model") ?? "study") switch
        {
            "patient" => CMoveRequest.PatientRootSopClassUid,
            "study" => CMoveRequest.StudyRootSopClassUid,
            var m => throw new UsageException($"--model '{m}' is not patient or study"),
        };
        var identifier = FindCommand.Identifier(keys, a.Option("--level") ?? "STUDY");
        return RetrieveOutcome.Run("move", peer, stdout, async () =>
        {
            var final = await MoveAsync(peer, sopClass, destination, identifier).ConfigureAwait(false);
            return new RetrieveOutcome(
                "C-MOVE", $"C-MOVE to {peer} -> {destination}", final.Status, final.Completed, final.Failed, final.Warning, final.ErrorComment, final.FailedSopInstanceUids);
        });
    }

    private static async Task<CMoveResponse> MoveAsync(NetworkPeer peer, string sopClass, string destination, DicomDataset identifier)
    {
        var request = new AssociationRequest
        {
            CallingAeTitle = peer.CallingAeTitle,
            CalledAeTitle = peer.CalledAeTitle,
            PresentationContexts =
            [
                new PresentationContextRequest(1, sopClass, [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid]),
            ],
            // Sub-operations can take long: each pending response restarts the wait.
            ResponseTimeout = TimeSpan.FromMinutes(5),
        };
        await using var association = await peer.OpenAsync(request).ConfigureAwait(false);
        if (association.Association.Contexts.Count == 0)
        {
            await association.ReleaseAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"{peer} did not accept the MOVE SOP class {sopClass}");
        }

        var final = await association.MoveAsync(sopClass, destination, identifier).ConfigureAwait(false);
        await association.ReleaseAsync().ConfigureAwait(false);
        return final;
    }
}
