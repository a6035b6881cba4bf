using Peake.Dicom;

namespace Peake.Cli.Dicom;

/// <summary>`peake dicom dump FILE...`: a dcmdump-like listing of each file's meta group and data set.</summary>
internal static class DumpCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var files = new Arguments(args).Positional;
        if (files.Count == 0)
        {
            throw new UsageException("no file given");
        }

        if (files.Count == 1)
        {
            Dump(files[0], stdout);
            return 0;
        }

        // Several files: a bad one is reported on its own line and the others are still listed, as dcmdump does.
        var failed = 0;
        foreach (var path in files)
        {
            stdout.WriteLine($"# {path}");
            try
            {
                Dump(path, stdout);
            }
            catch (Exception e) when (e is DicomParseException or IOException or UnauthorizedAccessException)
            {
                stdout.Flush();
                Console.Error.WriteLine($"peake dicom dump: {path}: {e.Message}");
                failed++;
            }
        }

        return failed == 0 ? 0 : CommandTable.ExitFailure;
    }

    private static void Dump(string path, TextWriter stdout)
    {
        // Bulk values stay on disk: a dump of a 2 GB file reads only its header.
        var file = DicomFile.Open(path);
        var dumper = new DatasetDumper(stdout);
        stdout.WriteLine("# Dicom-Meta-Information-Header");
        dumper.Write(file.Meta, 0);
        stdout.WriteLine("# Dicom-Data-Set");
        stdout.WriteLine($"# Used TransferSyntax: {file.TransferSyntax.Name}");
        dumper.Write(file.Dataset, 0);
    }
}
