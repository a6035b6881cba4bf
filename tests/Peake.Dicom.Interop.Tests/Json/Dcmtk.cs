using Peake.Dicom.Interop.Tests.Infrastructure;
using System.Text;

namespace Peake.Dicom.Interop.Tests.Json;

/// <summary>dump2dcm and dcm2json shortcuts for the JSON parity tests, failing loudly on error.</summary>
internal static class Dcmtk
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Writes <paramref name="dump"/> (dcmdump text) to a file and makes a DICOM file of it with dump2dcm, which
    /// copies the bytes of values as they are: the dump's encoding is the value's encoding (UTF-8 by default).
    /// </summary>
    public static string MakeFile(string directory, string name, string dump, string[] dump2dcmOptions, Encoding? encoding = null)
    {
        var dumpPath = Path.Combine(directory, name + ".dump");
        var dcmPath = Path.Combine(directory, name + ".dcm");
        File.WriteAllText(dumpPath, dump, encoding ?? new UTF8Encoding(false));
        Run("dump2dcm", [.. dump2dcmOptions, dumpPath, dcmPath]);
        return dcmPath;
    }

    /// <summary>dcm2json's compact output for a file.</summary>
    public static string ToJson(string dcmPath, params string[] options) => Run("dcm2json", ["-fc", .. options, dcmPath]);

    /// <summary>Runs a dcmtk tool through the shared harness; a failure or time-out fails the test with the tool's words.</summary>
    public static string Run(string tool, IEnumerable<string> arguments)
    {
        var result = DcmtkTool.Run(tool, arguments, Deadline);
        return result.Succeeded ? result.StandardOutput : throw new InvalidOperationException(result.Describe());
    }
}
