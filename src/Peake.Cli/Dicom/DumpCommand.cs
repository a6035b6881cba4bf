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

        var failed = 0;
        foreach (var path in files)
        {
            if (files.Count > 1)
            {
                stdout.WriteLine($"# {path}");
            }

            // Bulk values stay on disk: a dump of a 2 GB file reads only its header.
            var file = DicomFile.Open(path);
            var dumper = new DatasetDumper(stdout);
            stdout.WriteLine($"# Dicom-Meta-Information-Header");
            dumper.Write(file.Meta, 0);
            stdout.WriteLine($"# Dicom-Data-Set");
            stdout.WriteLine($"# Used TransferSyntax: {file.TransferSyntax.Name}");
            dumper.Write(file.Dataset, 0);
        }

        return failed == 0 ? 0 : CommandTable.ExitFailure;
    }
}
