using System.Globalization;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Cli;

/// <summary>
/// dcmtk's storescp writing into a folder, answering (<see cref="AnsweringPeer"/>) before a test points `peake` at it.
/// </summary>
internal static class Storescp
{
    public const string AeTitle = "STORESCP";

    /// <summary>With <paramref name="acceptAllSyntaxes"/> false, storescp's default: uncompressed syntaxes only.</summary>
    public static Task<RunningPeer> StartAsync(string outputDirectory, bool acceptAllSyntaxes = true)
    {
        Directory.CreateDirectory(outputDirectory);
        return AnsweringPeer.StartAsync(
            "storescp",
            port => ["-aet", AeTitle, .. acceptAllSyntaxes ? ["+xa"] : Array.Empty<string>(), "+B", "-od", outputDirectory, port.ToString(CultureInfo.InvariantCulture)],
            AeTitle);
    }
}
