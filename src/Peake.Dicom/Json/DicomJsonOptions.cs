namespace Peake.Dicom;

/// <summary>
/// Settings of <see cref="DicomJsonWriter"/> and <see cref="DicomJsonReader"/>. The defaults give dcm2json's values in
/// compact layout; docs/decisions/0005-dicom-json.md lists where and why they differ.
/// </summary>
public sealed class DicomJsonOptions
{
    public static DicomJsonOptions Default { get; } = new();

    /// <summary>Indents the output (dcm2json's default "+fc"); compact otherwise ("-fc").</summary>
    public bool Indented { get; init; }

    /// <summary>
    /// Writes group length elements (gggg,0000). PS3.18 F.2 has no use for them and dcm2json never writes them,
    /// so they are skipped by default.
    /// </summary>
    public bool IncludeGroupLengths { get; init; }

    /// <summary>
    /// Writes File Meta Information elements (0002,xxxx) found in the data set. dcm2json writes them only with
    /// "+m" (and warns this does not conform to PS3.18), so they are skipped by default.
    /// </summary>
    public bool IncludeFileMetaInformation { get; init; }

    /// <summary>
    /// Writes the top-level Specific Character Set (0008,0005) as "ISO_IR 192": JSON text is Unicode, so the value
    /// declared for the source bytes no longer describes it. As dcm2json does, only the top-level data set's is rewritten.
    /// </summary>
    public bool RewriteSpecificCharacterSet { get; init; } = true;

    /// <summary>How NaN and infinite FL/FD/OF/OD numbers are written (JSON numbers cannot express them).</summary>
    public DicomJsonNonFiniteNumbers NonFiniteNumbers { get; init; } = DicomJsonNonFiniteNumbers.AsString;

    /// <summary>
    /// Values of at least this many bytes (of VR OB, OD, OF, OL, OV, OW, UN and encapsulated pixel data) are
    /// offered to <see cref="BulkDataUriFor"/>.
    /// </summary>
    public long BulkDataThreshold { get; init; } = 1024;

    /// <summary>
    /// Writer: returns the "BulkDataURI" for a large binary value, or null to write it as "InlineBinary".
    /// </summary>
    public Func<DicomJsonBulkDataRequest, string?>? BulkDataUriFor { get; init; }

    /// <summary>
    /// Reader: resolves a "BulkDataURI" into the value (a lazy byte range). When absent or returning null the
    /// element is stored empty and a warning is reported.
    /// </summary>
    public Func<DicomJsonBulkDataReference, DicomBulkData?>? BulkDataResolver { get; init; }

    /// <summary>Reader: told about anything accepted but not kept as given (unresolved bulk data, …).</summary>
    public Action<DicomJsonWarning>? Warning { get; init; }

    /// <summary>
    /// Reader: maximum nesting depth of the JSON. Each sequence level takes three, so 512 admits the 128 sequence
    /// levels <see cref="DicomReadOptions.MaxDepth"/> lets a file have.
    /// </summary>
    public int MaxDepth { get; init; } = 512;
}
