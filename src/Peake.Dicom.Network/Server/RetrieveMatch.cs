namespace Peake.Dicom.Network.Server;

/// <summary>An instance a C-GET or C-MOVE identifier matched, and the file it was indexed from (null when unknown).</summary>
internal sealed record RetrieveMatch(string SopInstanceUid, string? Path);
