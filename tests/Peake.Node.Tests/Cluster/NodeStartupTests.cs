using System.Diagnostics;

namespace Peake.Node.Tests.Cluster;

/// <summary>A node that cannot start says why and exits non-zero: 2 when misconfigured, 1 when it cannot listen.</summary>
[Trait("Category", "Process")]
public sealed class NodeStartupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("peake-node-start-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("no-token", "no management token")]
    [InlineData("unknown-site", "'atlantis' is not in")]
    [InlineData("short-token", "at least 16 characters")]
    [InlineData("bad-quorum", "--write-quorum must be a whole number from 1 to 3, not '4'")]
    [InlineData("bad-grace", "--repair-grace must be a positive duration")]
    [InlineData("bad-policy", "--duplicate-policy must be reject or keep-both")]
    [InlineData("short-secret", "must hold a secret of at least 16 characters")]
    public async Task Given_a_bad_start_Then_the_node_exits_2_naming_the_problem(string scenario, string message)
    {
        var tokenFile = Path.Combine(_dir, "token");
        await File.WriteAllTextAsync(tokenFile, scenario == "short-token" ? "short" : "0123456789abcdef0123");
        var start = new ProcessStartInfo(NodeBinary.Path) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "--site", scenario == "unknown-site" ? "atlantis" : "east", "--data", _dir, "--http-port", "1", "--remoting-port", "2" })
            start.ArgumentList.Add(arg);
        var secretFile = Path.Combine(_dir, "secret");
        await File.WriteAllTextAsync(secretFile, "short");
        string[] extra = scenario switch
        {
            "bad-quorum" => ["--write-quorum", "4"],
            "bad-grace" => ["--repair-grace", "soon"],
            "bad-policy" => ["--duplicate-policy", "overwrite"],
            "short-secret" => ["--cluster-secret-file", secretFile],
            _ => [],
        };
        foreach (var arg in extra)
            start.ArgumentList.Add(arg);
        if (scenario != "no-token")
        {
            start.ArgumentList.Add("--token-file");
            start.ArgumentList.Add(tokenFile);
        }

        var (exitCode, stderr) = await RunToExit(start);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_the_management_port_is_taken_Then_the_node_exits_1_naming_the_address()
    {
        var (port, exitCode, stderr) = await RunWithPortTaken(port => ["--http-port", $"{port}", "--dicom-port", $"{FreePort.On("127.0.0.1")}"]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"127.0.0.1:{port}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_the_DICOM_port_is_taken_Then_the_node_exits_1_naming_the_gateway_and_the_address()
    {
        var (port, exitCode, stderr) = await RunWithPortTaken(port => ["--dicom-port", $"{port}", "--http-port", $"{FreePort.On("127.0.0.1")}"]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"the DICOM gateway cannot start on 127.0.0.1:{port}", stderr, StringComparison.Ordinal);
    }

    // A node on 127.0.0.1 whose flags (from portFlags) name a port another socket of this test holds.
    private async Task<(int Port, int ExitCode, string Stderr)> RunWithPortTaken(Func<int, string[]> portFlags)
    {
        var tokenFile = Path.Combine(_dir, "token");
        await File.WriteAllTextAsync(tokenFile, "0123456789abcdef0123");
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            var start = new ProcessStartInfo(NodeBinary.Path) { RedirectStandardError = true, RedirectStandardOutput = true };
            string[] args =
            [
                "--site", "east", "--data", _dir, "--token-file", tokenFile, "--host", "127.0.0.1",
                "--remoting-port", $"{FreePort.On("127.0.0.1")}", .. portFlags(port),
            ];
            foreach (var arg in args)
                start.ArgumentList.Add(arg);
            var (exitCode, stderr) = await RunToExit(start);
            return (port, exitCode, stderr);
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task<(int ExitCode, string Stderr)> RunToExit(ProcessStartInfo start)
    {
        start.Environment.Remove("PEAKE_MANAGEMENT_TOKEN");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TestCluster.Bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill();
        }
        _ = await stdout;
        return (process.ExitCode, await stderr);
    }
}
