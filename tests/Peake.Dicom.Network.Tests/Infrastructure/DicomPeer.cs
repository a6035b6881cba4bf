namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>An AE that another peer sends C-MOVE results to: its title and port on 127.0.0.1.</summary>
internal sealed record DicomPeer(string AeTitle, int Port);
