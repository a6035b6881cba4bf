using System.Globalization;

namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>
/// dcmtk's dcmqrscp as a query/retrieve SCP over its own storage area (AE title QRSCP), configured from temp files:
/// the archive configuration and an association profile that accepts Secondary Capture with role selection, which
/// dcmqrscp needs for C-GET (its man page, "SCP Conformance"). Answering (<see cref="AnsweringPeer"/>) when returned.
/// </summary>
internal static class Dcmqrscp
{
    public const string AeTitle = "QRSCP";

    public static async Task<RunningPeer> StartAsync(string folder)
    {
        var storage = Path.Combine(folder, "db");
        Directory.CreateDirectory(storage);
        var config = Path.Combine(folder, "dcmqrscp.cfg");
        var profiles = Path.Combine(folder, "profiles.cfg");
        await File.WriteAllTextAsync(config, $"""
            MaxPDUSize = 16384
            MaxAssociations = 4
            HostTable BEGIN
            HostTable END
            VendorTable BEGIN
            VendorTable END
            AETable BEGIN
            {AeTitle} {storage} RW (10, 1024mb) ANY
            AETable END

            """);
        // The role entry lets a requestor take either role: storescu (default, SCU) and a C-GET requestor (SCP).
        await File.WriteAllTextAsync(profiles, """
            [[TransferSyntaxes]]
            [Uncompressed]
            TransferSyntax1 = LocalEndianExplicit
            TransferSyntax2 = LittleEndianImplicit

            [[PresentationContexts]]
            [Contexts]
            PresentationContext1 = VerificationSOPClass\Uncompressed
            PresentationContext2 = SecondaryCaptureImageStorage\Uncompressed

            [[SCPSCURoleSelection]]
            [Roles]
            Role1 = SecondaryCaptureImageStorage\BOTH

            [[Profiles]]
            [RETRIEVE]
            PresentationContexts = Contexts
            SCPSCURoleSelection = Roles

            """);
        return await AnsweringPeer.StartAsync(
            "dcmqrscp", port => ["-c", config, "-xf", profiles, "RETRIEVE", "RETRIEVE", port.ToString(CultureInfo.InvariantCulture)], AeTitle);
    }
}
