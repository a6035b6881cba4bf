using Peake.Dicom;

namespace Peake.Cli.Dicom;

/// <summary>`peake dicom transcode IN OUT --ts UID`: rewrite a file in another uncompressed transfer syntax.</summary>
internal static class TranscodeCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var a = new Arguments(args, "--ts");
        if (a.Positional.Count != 2)
        {
            throw new UsageException("needs an input and an output file");
        }

        var target = TargetSyntax(a.Option("--ts") ?? throw new UsageException("--ts is required"));
        var (input, output) = (a.Positional[0], a.Positional[1]);
        var file = DicomFile.Open(input);
        if (file.TransferSyntax.IsEncapsulated)
        {
            throw new NotSupportedException($"{input} is in {file.TransferSyntax.Name}: decompressing pixel data is not supported, only uncompressed syntaxes transcode");
        }

        DicomFileWriter.Write(output, file, target);
        return 0;
    }

    private static DicomTransferSyntax TargetSyntax(string value)
    {
        var ts = value.ToLowerInvariant() switch
        {
            "implicit" => DicomTransferSyntax.ImplicitVRLittleEndian,
            "explicit" => DicomTransferSyntax.ExplicitVRLittleEndian,
            "deflated" => DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
            _ => DicomTransferSyntax.IsKnown(value) ? DicomTransferSyntax.Parse(value) : throw new UsageException($"unknown transfer syntax '{value}'"),
        };
        return ts.IsWritable ? ts : throw new UsageException($"{ts.Name} cannot be written (writable: implicit, explicit, deflated little endian)");
    }
}
