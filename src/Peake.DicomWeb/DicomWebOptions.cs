namespace Peake.DicomWeb;

/// <summary>Settings of the DICOMweb routes (PS3.18); the ports themselves come from the host's services.</summary>
public sealed record DicomWebOptions
{
    /// <summary>Where the routes live on the node's HTTP port.</summary>
    public string BasePath { get; init; } = DefaultBasePath;

    /// <summary>Where a node serves DICOMweb unless told otherwise (and what it advertises to the cluster).</summary>
    public const string DefaultBasePath = "/dicomweb";

    /// <summary>The node's AE title, the "called AE" of the <see cref="Peake.Dicom.Network.Query.QueryContext"/> a request runs under.</summary>
    public string NodeAeTitle { get; init; } = "PEAKE";

    /// <summary>Most QIDO-RS results one response carries; a larger <c>limit</c> is cut to this with a Warning.</summary>
    public int MaxResults { get; init; } = 1000;

    /// <summary>Largest STOW-RS request body: bounds what one request can make the node read (Kestrel answers 413 past it).</summary>
    public long MaxStowBodyBytes { get; init; } = 2L << 30;

    /// <summary>Largest single STOW-RS part (one instance); a larger part fails with Failure Reason A700.</summary>
    public long MaxStowPartBytes { get; init; } = 1L << 30;

    /// <summary>Binary values at least this long are answered in metadata as a BulkDataURI rather than inline base64.</summary>
    public long BulkDataThreshold { get; init; } = 1024;
}
