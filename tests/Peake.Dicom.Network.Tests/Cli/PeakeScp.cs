using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Peake.Dicom.Network.Tests.Cli;

/// <summary>
/// A running `peake dicom scp --port 0`, its port read from the line it prints on start. Stopped with SIGTERM sent to
/// exactly the process started here; killed by its handle if it does not stop in time.
/// </summary>
internal sealed partial class PeakeScp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PeakeScp(Process process, string directory)
    {
        _process = process;
        Directory = directory;
    }

    public string Directory { get; }

    public int Port { get; private set; }

    public string PortText => Port.ToString(CultureInfo.InvariantCulture);

    public bool HasExited => _process.HasExited;

    /// <summary>The id of the server process itself (`dotnet peake.dll` runs the runtime in the host process).</summary>
    public int ProcessId => _process.Id;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_stdout)
            {
                return $"stdout:\n{_stdout}\nstderr:\n{_stderr}";
            }
        }
    }

    public static async Task<PeakeScp> StartAsync(params string[] options)
    {
        var directory = Path.Combine(Path.GetTempPath(), "peake-cli-scp-" + Guid.NewGuid().ToString("N"));
        var process = PeakeProcess.Start(["dicom", "scp", "--port", "0", "--dir", directory, .. options]);
        var scp = new PeakeScp(process, directory);
        process.OutputDataReceived += (_, e) => scp.OnStdout(e.Data);
        process.ErrorDataReceived += (_, e) => scp.Append(scp._stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = await Task.WhenAny(scp._port.Task, Task.Delay(TimeSpan.FromSeconds(30)), process.WaitForExitAsync());
        if (started != scp._port.Task)
        {
            await scp.DisposeAsync();
            Assert.Fail($"peake dicom scp printed no port: {scp.Output}");
        }
        scp.Port = await scp._port.Task;
        return scp;
    }

    /// <summary>Sends SIGTERM to this process only; true when it exited within <paramref name="timeout"/>.</summary>
    public async Task<bool> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }
        return await PeakeProcess.WaitAsync(_process, timeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await TerminateAsync(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private void OnStdout(string? line)
    {
        Append(_stdout, line);
        if (line is not null && PortPattern().Match(line) is { Success: true } m)
        {
            _port.TrySetResult(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        }
    }

    private void Append(StringBuilder sb, string? line)
    {
        if (line is not null)
        {
            lock (_stdout)
            {
                sb.AppendLine(line);
            }
        }
    }

    [GeneratedRegex(@"listening on \S+ port (\d+)")]
    private static partial Regex PortPattern();
}
