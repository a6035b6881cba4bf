using System.Globalization;
using Peake.Dicom;
using Peake.Bench;

// QueryCorpus OUTDIR SIZES PARTS: the metadata corpus of the query benchmark (ADR 0036), written with our own Part 10
// writer. SIZES are cumulative instance counts ("10000,100000"): stage k holds instances SIZES[k-1]+1 .. SIZES[k], so
// a benchmark can load and measure the first size, then load the rest and measure again. Each stage is split by
// patient into PARTS folders (OUTDIR/s<k>/p<i>/), one per parallel storescu; every patient lives in one part.
// Also writes OUTDIR/patients.tsv: stage, part, PatientID, PatientName, studies (the query keys are drawn from it).
// Deterministic (fixed seed and UIDs): the same arguments give the same files, so the script can cache them.
if (args.Length != 3 || !int.TryParse(args[2], out var parts) || parts < 1)
{
    Console.Error.WriteLine("usage: QueryCorpus OUTDIR SIZES PARTS   (SIZES: cumulative instance counts, e.g. 10000,100000)");
    return 2;
}
var sizes = args[1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
if (sizes.Length == 0 || sizes[0] < 1 || sizes.Zip(sizes.Skip(1)).Any(p => p.Second <= p.First))
{
    Console.Error.WriteLine("SIZES must be increasing positive counts");
    return 2;
}

var written = new CorpusWriter(args[0], sizes, parts).Write();
Console.WriteLine($"instances={written}");
return 0;
