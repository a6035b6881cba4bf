namespace Peake.Cli;

/// <summary>A command: its words (e.g. "dicom dump"), usage, one-line help and the code that runs it on the remaining arguments.</summary>
internal sealed record Command(string Words, string Usage, string Help, Func<string[], TextWriter, int> Run);
