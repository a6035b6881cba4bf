using System.Diagnostics;
using System.Globalization;
using Peake.Dicom;

// ParseBench DIR: parses every *.dcm in DIR with Peake.Dicom in this one process, in two modes, and prints
// one line per mode: "mode=<name> files=<n> bytes=<total file bytes> seconds=<wall time>".
//   header: DicomReadOptions.StopAtPixelData, what an archive does on ingest and for queries;
//   full:   everything, pixel data loaded into memory (LazyThreshold = long.MaxValue).
// Each mode first runs on a few files to JIT the reader, then is timed over the whole batch REPEAT times
// (default 3); the best pass is printed, as the page cache and the JIT settle after the first.
if (args.Length is < 1 or > 2 || !Directory.Exists(args[0]) || (args.Length == 2 && !int.TryParse(args[1], out _)))
{
    Console.Error.WriteLine("usage: ParseBench DIR [REPEAT]");
    return 2;
}
var repeat = args.Length == 2 ? Math.Max(1, int.Parse(args[1], CultureInfo.InvariantCulture)) : 3;

var files = Directory.GetFiles(args[0], "*.dcm").Order(StringComparer.Ordinal).ToArray();
if (files.Length == 0)
{
    Console.Error.WriteLine($"no .dcm files in {args[0]}");
    return 1;
}
var bytes = files.Sum(f => new FileInfo(f).Length);

var modes = new (string Name, DicomReadOptions Options)[]
{
    ("header", new DicomReadOptions { StopAtPixelData = true }),
    ("full", new DicomReadOptions { LazyThreshold = long.MaxValue }),
};

foreach (var (name, options) in modes)
{
    Parse(files.Take(20), options);
    var best = TimeSpan.MaxValue;
    long checksum = 0;
    for (var i = 0; i < repeat; i++)
    {
        GC.Collect();
        var watch = Stopwatch.StartNew();
        checksum = Parse(files, options);
        best = watch.Elapsed < best ? watch.Elapsed : best;
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"mode={name} files={files.Length} bytes={bytes} seconds={best.TotalSeconds:F4} checksum={checksum}"));
}
return 0;

// Touches what each mode reads, so nothing can be skipped: element count and loaded value lengths.
static long Parse(IEnumerable<string> paths, DicomReadOptions options)
{
    long sum = 0;
    foreach (var path in paths)
    {
        var file = DicomFile.Open(path, options);
        foreach (var element in file.Dataset)
        {
            sum += element is DicomValueElement { IsLoaded: true } value ? value.Bytes.Length + 1 : 1;
        }
    }
    return sum;
}
