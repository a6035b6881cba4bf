using Peake.Dicom;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;

namespace Peake.Cli.Dicom;

/// <summary>`peake dicom echo HOST PORT [--aet CALLING] [--aec CALLED]`: C-ECHO (PS3.7 9.1.5), like dcmtk's echoscu.</summary>
internal static class EchoCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var a = new Arguments(args, NetworkPeer.Options, NetworkPeer.Switches);
        if (a.Positional.Count != 2)
        {
            throw new UsageException("needs HOST and PORT");
        }

        var peer = NetworkPeer.From(a);
        try
        {
            var status = EchoAsync(peer).GetAwaiter().GetResult();
            if (!DimseStatus.IsSuccess(status))
            {
                Console.Error.WriteLine($"peake dicom echo: {peer} answered C-ECHO with status 0x{status:X4}");
                return CommandTable.ExitFailure;
            }
        }
        catch (Exception e) when (NetworkFailure.Describe(e, peer) is { } reason)
        {
            Console.Error.WriteLine($"peake dicom echo: {reason}");
            return CommandTable.ExitFailure;
        }

        stdout.WriteLine($"C-ECHO to {peer}: success");
        return 0;
    }

    private static async Task<ushort> EchoAsync(NetworkPeer peer)
    {
        var request = new AssociationRequest
        {
            CallingAeTitle = peer.CallingAeTitle,
            CalledAeTitle = peer.CalledAeTitle,
            // PS3.4 A.4: Verification; both little endian syntaxes proposed so any SCP can accept one.
            PresentationContexts =
            [
                new PresentationContextRequest(1, CEchoRequest.VerificationSopClassUid, [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid]),
            ],
        };
        await using var association = await peer.OpenAsync(request).ConfigureAwait(false);
        if (association.Association.Contexts.Count == 0)
        {
            await association.ReleaseAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"{peer} did not accept the Verification SOP class");
        }

        var response = await association.EchoAsync().ConfigureAwait(false);
        await association.ReleaseAsync().ConfigureAwait(false);
        return response.Status;
    }
}
