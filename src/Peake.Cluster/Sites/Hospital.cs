namespace Peake.Cluster.Sites;

/// <summary>A hospital that sends to and fetches from its site: its DICOM application entity and where it listens.</summary>
public sealed record Hospital(string Name, string AeTitle, string Host, int Port);
