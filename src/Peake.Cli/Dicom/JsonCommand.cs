using Peake.Dicom;

namespace Peake.Cli.Dicom;

/// <summary>
/// `peake dicom json FILE`: the DICOM JSON model (PS3.18 F.2) of a file's data set, as dcm2json prints it. Bulk
/// values are InlineBinary unless `--bulk-data-uri PREFIX` asks for URIs (PREFIX + the element's path).
/// </summary>
internal static class JsonCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var a = new Arguments(args, "--bulk-data-uri");
        if (a.Positional.Count != 1)
        {
            throw new UsageException("needs exactly one file");
        }

        var file = DicomFile.Open(a.Positional[0]);
        var prefix = a.Option("--bulk-data-uri");
        var options = new DicomJsonOptions
        {
            Indented = true,
            BulkDataUriFor = prefix is null ? null : request => prefix + request.Path,
        };

        // Render into a temporary file first: a value that fails midway then prints an error, not half a document,
        // and a multi-gigabyte InlineBinary never has to fit in memory.
        var temp = Path.GetTempFileName();
        try
        {
            using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                DicomJsonWriter.Write(output, file.Dataset, options);
            }

            stdout.Flush();
            using (var rendered = File.OpenRead(temp))
            using (var console = Console.OpenStandardOutput())
            {
                rendered.CopyTo(console);
                console.WriteByte((byte)'\n');
            }
        }
        finally
        {
            File.Delete(temp);
        }

        return 0;
    }
}
