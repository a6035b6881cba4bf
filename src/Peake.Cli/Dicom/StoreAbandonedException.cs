namespace Peake.Cli.Dicom;

/// <summary>No association could be opened with the peer: every file not yet stored counts as failed.</summary>
internal sealed class StoreAbandonedException(string message, Exception inner) : Exception(message, inner);
