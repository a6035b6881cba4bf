namespace Peake.Dicom.Network.Server;

/// <summary>Where a C-MOVE destination AE title is reached (PS3.4 C.4.2.2.1: the SCP must know it beforehand).</summary>
public sealed record MoveDestination(string Host, int Port);
