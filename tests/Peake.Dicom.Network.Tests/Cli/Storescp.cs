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
    /// <param name="extraArguments">More storescp options, e.g. `--sleep-during 1` for a slow destination.</param>
    public static Task<RunningPeer> StartAsync(string outputDirectory, bool acceptAllSyntaxes = true, IReadOnlyList<string>? extraArguments = null)
    {
        Directory.CreateDirectory(outputDirectory);
        return AnsweringPeer.StartAsync(
            "storescp",
            port => ["-aet", AeTitle, .. acceptAllSyntaxes ? ["+xa"] : Array.Empty<string>(), .. extraArguments ?? [], "+B", "-od", outputDirectory, port.ToString(CultureInfo.InvariantCulture)],
            AeTitle);
    }
}
