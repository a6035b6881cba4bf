using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Peake.Cli.Tests.Infrastructure;

/// <summary>
/// One real `peake-node` process on 127.0.0.1 (`dotnet peake-node.dll`), its output kept for failure messages.
/// Stopped by its own handle only: SIGKILL (Kill) for crash tests, and at disposal.
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private static readonly string AssemblyPath = Path.Combine(AppContext.BaseDirectory, "peake-node.dll");

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeProcess(string site, int remotingPort, int httpPort, Process process)
    {
        (Site, RemotingPort, HttpPort, _process) = (site, remotingPort, httpPort, process);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Site { get; }

    public int RemotingPort { get; }

    public int HttpPort { get; }

    /// <summary>The node's Akka address, as the management endpoints and `peake cluster show` spell it.</summary>
    public string Address => $"akka.tcp://peake@127.0.0.1:{RemotingPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Its management endpoint, as `peake --node` takes it.</summary>
    public string Http => $"127.0.0.1:{HttpPort.ToString(CultureInfo.InvariantCulture)}";

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static NodeProcess Start(NodeSettings settings)
    {
        Assert.True(File.Exists(AssemblyPath), $"{AssemblyPath} is missing: build the solution first");
        var (remoting, http, dicom) = (FreePort.Get(), FreePort.Get(), FreePort.Get());
        var start = new ProcessStartInfo(PeakeCli.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            AssemblyPath, "--site", settings.Site, "--host", "127.0.0.1",
            "--remoting-port", Text(remoting), "--http-port", Text(http), "--dicom-port", Text(dicom),
            "--data", Path.Combine(settings.DataRoot, $"{settings.Site}-{Text(remoting)}"),
            "--token-file", settings.TokenFile,
            .. settings.Seeds.SelectMany(s => new[] { "--seed", s }),
            .. settings.Hocon is null ? [] : new[] { "--hocon", settings.Hocon },
        ];
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment.Remove("PEAKE_MANAGEMENT_TOKEN");
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start peake-node");
        return new NodeProcess(settings.Site, remoting, http, process);
    }

    /// <summary>SIGKILL: the node gets no chance to leave (a crash, for the failure detector to notice).</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // It exited already.
        }

        _process.WaitForExit(10_000);
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
