using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Cli;

/// <summary>A loopback port that was free a moment ago: bound, then released, so a connect to it is refused.</summary>
internal static class ClosedPort
{
    public static int Get() => LoopbackPort.Free();
}
