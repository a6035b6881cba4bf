using System.Diagnostics;

namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>
/// A dcmtk server (storescp) running for the length of a test on a port the OS handed out a moment before.
/// Stopped by killing exactly the process started here.
/// </summary>
internal sealed class RunningPeer : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private RunningPeer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static RunningPeer Start(string tool, Func<int, IEnumerable<string>> arguments)
    {
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments(port))
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["TCP_NODELAY"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        // Keep the pipes drained so a chatty peer never blocks on a full pipe.
        var peer = new RunningPeer(process, port);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>What the peer printed so far, for failure messages.</summary>
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

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: false);
            }
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}
