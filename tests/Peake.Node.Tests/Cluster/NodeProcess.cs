using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Peake.Management.Contracts;

namespace Peake.Node.Tests.Cluster;

/// <summary>
/// One real peake-node process on a loopback address of its own, with its output kept for diagnostics. Disposing
/// kills it (by its PID) if it is still running. <see cref="StartAgain"/> starts the same node (ports, data, flags)
/// once this process has ended, as a supervisor restarting a crashed node would.
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Func<NodeProcess> _again;

    public NodeProcess(string site, string ip, IReadOnlyList<string> seeds, string dataDir, string tokenFile, string token, string hocon,
        int? remotingPort = null, IReadOnlyList<string>? extraArgs = null, int? httpPort = null, int? dicomPort = null)
    {
        Site = site;
        Ip = ip;
        DataDir = dataDir;
        RemotingPort = remotingPort ?? FreePort.On(ip);
        HttpPort = httpPort ?? FreePort.On(ip);
        // Every node serves DICOM now: nodes sharing one address (127.0.0.1) need a port each. A caller that names
        // one in extraArgs keeps it.
        var given = extraArgs?.ToList().IndexOf("--dicom-port") ?? -1;
        DicomPort = given >= 0 ? int.Parse(extraArgs![given + 1], System.Globalization.CultureInfo.InvariantCulture) : dicomPort ?? FreePort.On(ip);
        _again = () => new NodeProcess(site, ip, seeds, dataDir, tokenFile, token, hocon, RemotingPort, extraArgs, HttpPort, DicomPort);
        var start = new ProcessStartInfo(NodeBinary.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            "--site", site, "--host", ip, "--remoting-port", $"{RemotingPort}", "--http-port", $"{HttpPort}",
            "--data", dataDir, "--token-file", tokenFile, "--hocon", hocon,
            .. (given >= 0 ? Array.Empty<string>() : ["--dicom-port", $"{DicomPort}"]),
        ];
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var arg in extraArgs ?? [])
            start.ArgumentList.Add(arg);
        foreach (var seed in seeds)
        {
            start.ArgumentList.Add("--seed");
            start.ArgumentList.Add(seed);
        }
        // The token comes from the file; make sure the environment of the test runner does not supply another.
        start.Environment.Remove("PEAKE_MANAGEMENT_TOKEN");
        _process = Process.Start(start) ?? throw new InvalidOperationException("peake-node did not start");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Http = new HttpClient { BaseAddress = new Uri($"http://{ip}:{HttpPort}"), Timeout = TimeSpan.FromSeconds(15) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public string Site { get; }

    public string Ip { get; }

    public int RemotingPort { get; }

    public int HttpPort { get; }

    /// <summary>The port of the node's DICOM gateway (on <see cref="Ip"/>).</summary>
    public int DicomPort { get; }

    /// <summary>The node's --data folder (its blob store is under blobs/).</summary>
    public string DataDir { get; }

    public string Address => $"akka.tcp://peake@{Ip}:{RemotingPort}";

    public HttpClient Http { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string RecentOutput => string.Join('\n', _output.TakeLast(60));

    /// <summary>Everything kept of the node's stdout and stderr (its last 400 lines).</summary>
    public string Output => string.Join('\n', _output);

    public Task<MembersResponse?> MembersAsync() => Http.GetFromJsonAsync<MembersResponse>("/cluster/members");

    public async Task<(int Status, ReadyResponse? Body)> ReadyAsync()
    {
        using var response = await Http.GetAsync("/ready");
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<ReadyResponse>());
    }

    public void Signal(int signal) => Signals.Send(Pid, signal);

    /// <summary><c>kill -9</c> by PID: no shutdown hook runs, no leave, no hand-off; the OS closes its sockets.</summary>
    public void KillHard() => Signals.Send(Pid, Signals.SigKill);

    /// <summary>A new process of the same node: same site, address, ports, seeds, data folder and flags.</summary>
    public NodeProcess StartAgain() =>
        HasExited ? _again() : throw new InvalidOperationException($"{Address} (pid {Pid}) is still running");

    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited)
                _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        _output.Enqueue(line);
        while (_output.Count > 400)
            _output.TryDequeue(out _);
    }
}
