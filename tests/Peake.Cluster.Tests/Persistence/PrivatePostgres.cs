using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Peake.Cluster.Persistence;

namespace Peake.Cluster.Tests.Persistence;

/// <summary>
/// A real PostgreSQL for one test class, started by scripts/postgres.sh in a temp folder on a free loopback port and
/// stopped (pg_ctl stop, through the same script) at the end.
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly TempFolder _folder;
    private readonly string _dataDir;

    private PrivatePostgres(TempFolder folder, string dataDir, string connectionString)
    {
        _folder = folder;
        _dataDir = dataDir;
        Database = JournalDatabase.Postgres(connectionString);
    }

    public JournalDatabase Database { get; }

    public static async Task<PrivatePostgres> StartAsync()
    {
        var folder = new TempFolder();
        var dataDir = folder.File("pg");
        var output = await RunScriptAsync("start", dataDir, FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The script's last line is the connection string.
        return new PrivatePostgres(folder, dataDir, output.Trim().Split('\n')[^1]);
    }

    public async ValueTask DisposeAsync()
    {
        await RunScriptAsync("stop", _dataDir);
        _folder.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> RunScriptAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "scripts", "postgres.sh"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"postgres.sh {string.Join(' ', args)} failed: {await stderr}");
        return await stdout;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "postgres.sh")))
                return dir.FullName;
        }
        throw new InvalidOperationException("scripts/postgres.sh not found above the test binaries.");
    }
}
