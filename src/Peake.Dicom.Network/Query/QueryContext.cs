namespace Peake.Dicom.Network.Query;

/// <summary>Who asks: the association's AE titles (DICOMweb: the caller's hospital AE and the node's AE).</summary>
public sealed record QueryContext(string CallingAeTitle, string CalledAeTitle);
