namespace Peake.Dicom;

/// <summary>A BulkDataURI met by the reader (PS3.18 F.2.6), to be resolved into the element's value.</summary>
/// <param name="Path">JSON path of the element, e.g. "$.0040A730.Value[0].7FE00010".</param>
public sealed record DicomJsonBulkDataReference(string Path, DicomTag Tag, DicomVR VR, string Uri);
