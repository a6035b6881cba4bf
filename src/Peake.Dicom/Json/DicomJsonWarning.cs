namespace Peake.Dicom;

/// <summary>Something the reader accepted without keeping it as given.</summary>
/// <param name="Path">JSON path of the element, e.g. "$.7FE00010".</param>
public sealed record DicomJsonWarning(string Path, string Message);
