using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>dcmtk's echoscu against our SCP.</summary>
public sealed class EchoTests
{
    [Fact]
    public async Task Echoscu_succeeds()
    {
        await using var server = TestServer.Start();

        var result = await server.EchoAsync();

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Many_echoes_in_a_row_each_succeed_and_leave_no_connection_behind()
    {
        await using var server = TestServer.Start();

        for (var i = 0; i < 5; i++)
        {
            var result = await server.EchoAsync();
            Assert.True(result.ExitCode == 0, result.ToString());
        }
        await Eventually.Until(() => server.Server.ActiveConnections == 0, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_unknown_calling_AE_is_rejected_as_not_recognized()
    {
        await using var server = TestServer.Start();

        var result = await server.EchoAsync(callingAe: "STRANGER");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Calling AE Title Not Recognized", result.StandardOutput + result.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Past_the_association_limit_a_peer_is_rejected_transiently()
    {
        await using var server = TestServer.Start(o => o with { MaxAssociations = 0 });

        var result = await server.EchoAsync();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Transient", result.StandardOutput + result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Local Limit Exceeded", result.StandardOutput + result.StandardError, StringComparison.OrdinalIgnoreCase);
    }
}
