using System.Diagnostics;
using System.Globalization;
using Peake.Dicom;

// ParseBench DIR: parses every *.dcm in DIR with Peake.Dicom in this one process, in two modes, and prints
// one line per mode: "mode=<name> files=<n> bytes=<total file bytes> seconds=<wall time>".
//   header: DicomReadOptions.StopAtPixelData, what an archive does on ingest and for queries;
//   full:   every element parsed and every value byte read; values above the lazy threshold (the pixel data)
//           are streamed through one reused buffer, as the archive's ingest and rendering paths read them;
//   full-in-memory: everything, pixel data loaded into a new array per file (LazyThreshold = long.MaxValue).
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
    ("full", DicomReadOptions.Default),
    ("full-in-memory", new DicomReadOptions { LazyThreshold = long.MaxValue }),
};
var buffer = new byte[1 << 20];

// The floor for any full parse in this environment: every byte of every file read, nothing parsed.
{
    ReadBytes(files.Take(20), buffer);
    var best = TimeSpan.MaxValue;
    long total = 0;
    for (var i = 0; i < repeat; i++)
    {
        var watch = Stopwatch.StartNew();
        total = ReadBytes(files, buffer);
        best = watch.Elapsed < best ? watch.Elapsed : best;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"mode=read-only files={files.Length} bytes={bytes} seconds={best.TotalSeconds:F4} checksum={total}"));
}

foreach (var (name, options) in modes)
{
    Parse(files.Take(20), options, buffer);
    var best = TimeSpan.MaxValue;
    long checksum = 0;
    for (var i = 0; i < repeat; i++)
    {
        GC.Collect();
        var watch = Stopwatch.StartNew();
        checksum = Parse(files, options, buffer);
        best = watch.Elapsed < best ? watch.Elapsed : best;
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"mode={name} files={files.Length} bytes={bytes} seconds={best.TotalSeconds:F4} checksum={checksum}"));
}
return 0;

// Touches what each mode reads, so nothing can be skipped: element count, loaded value lengths, and every byte
// of values left in the file (read through the buffer, their last byte added in).
static long Parse(IEnumerable<string> paths, DicomReadOptions options, byte[] buffer)
{
    long sum = 0;
    foreach (var path in paths)
    {
        var file = DicomFile.Open(path, options);
        foreach (var element in file.Dataset)
        {
            sum += element switch
            {
                DicomValueElement { IsLoaded: true } value => value.Bytes.Length + 1,
                DicomValueElement value => StreamThrough(value, buffer),
                _ => 1,
            };
        }
    }
    return sum;
}

static long StreamThrough(DicomValueElement value, byte[] buffer)
{
    using var stream = value.OpenValue();
    long total = 0;
    int n;
    while ((n = stream.Read(buffer)) > 0)
    {
        total += n + buffer[n - 1];
    }
    return total;
}

static long ReadBytes(IEnumerable<string> paths, byte[] buffer)
{
    long total = 0;
    foreach (var path in paths)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            total += n;
        }
    }
    return total;
}
