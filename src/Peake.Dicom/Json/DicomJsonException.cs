namespace Peake.Dicom;

/// <summary>
/// The only exception that reading bad DICOM JSON throws (and that writing throws for values JSON cannot hold).
/// It names the JSON path, so a bad document can be fixed from the message alone.
/// </summary>
public sealed class DicomJsonException : Exception
{
    public DicomJsonException(string reason, string path, Exception? inner = null)
        : base($"{reason} (at {path})", inner)
    {
        Reason = reason;
        Path = path;
    }

    public string Reason { get; }

    /// <summary>JSON path of the offending value, e.g. "$.00100010.Value[0]".</summary>
    public string Path { get; }
}
