namespace Peake.Management.Contracts;

/// <summary>A live node of a site: where its DICOM gateway listens and its DICOMweb base URL (null: not served).</summary>
public sealed record SiteNodeDto(string Address, DicomEndpointDto Dicom, string? Dicomweb);
