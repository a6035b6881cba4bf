namespace Peake.Dicom.Network.Association;

/// <summary>
/// The local data set being sent could not be read (a disk error, a file removed or unreadable mid-send). The command is
/// already out, so the message cannot be completed: the association is aborted, not treated as the peer closing.
/// </summary>
internal sealed class DataSetSourceException(Exception inner)
    : IOException($"the data set being sent could not be read: {inner.Message}", inner);
