using System.Diagnostics;

namespace Peake.Node.Tests.Cluster;

/// <summary>A node that is misconfigured refuses to start, says why, and exits 2.</summary>
[Trait("Category", "Process")]
public sealed class NodeStartupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("peake-node-start-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("no-token", "no management token")]
    [InlineData("unknown-site", "'atlantis' is not in")]
    [InlineData("short-token", "at least 16 characters")]
    public async Task Given_a_bad_start_Then_the_node_exits_2_naming_the_problem(string scenario, string message)
    {
        var tokenFile = Path.Combine(_dir, "token");
        await File.WriteAllTextAsync(tokenFile, scenario == "short-token" ? "short" : "0123456789abcdef0123");
        var start = new ProcessStartInfo(NodeBinary.Path) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "--site", scenario == "unknown-site" ? "atlantis" : "east", "--data", _dir, "--http-port", "1", "--remoting-port", "1" })
            start.ArgumentList.Add(arg);
        if (scenario != "no-token")
        {
            start.ArgumentList.Add("--token-file");
            start.ArgumentList.Add(tokenFile);
        }
        start.Environment.Remove("PEAKE_MANAGEMENT_TOKEN");

        using var process = Process.Start(start)!;
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

        Assert.Equal(2, process.ExitCode);
        Assert.Contains(message, await stderr, StringComparison.Ordinal);
    }
}
