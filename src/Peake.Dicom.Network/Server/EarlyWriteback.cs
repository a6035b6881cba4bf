using Microsoft.Win32.SafeHandles;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// The folder store's name for <see cref="Peake.Storage.EarlyWriteback"/>: the helper moved to Peake.Storage so the
/// blob store's writers share it; this keeps the DICOM server's callers unchanged.
/// </summary>
internal static class EarlyWriteback
{
    public static void Start(SafeFileHandle file) => Peake.Storage.EarlyWriteback.Start(file);
}
