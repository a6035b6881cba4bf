namespace Peake.Dicom.Network.Association;

/// <summary>What <see cref="PDataReassembler"/> hands on: a whole command, or one fragment of a data set.</summary>
public sealed record PDataFragment(byte PresentationContextId, bool IsCommand, bool IsLast, ReadOnlyMemory<byte> Data);
