using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Peake.Cli.Tests.Infrastructure;
using Peake.Dicom.Network.Tests.Cli;
using Peake.Node.Tests.Cluster;

namespace Peake.Cli.Tests.Ops;

/// <summary>
/// `make run` for real (scripts/run-cluster.sh): six peake-node processes, one per site of sites.conf, ready, found
/// by `peake` through the run file with no --node, and stopped by a signal. Ports and the run folder are the test's
/// own (PEAKE_RUN_*), so a cluster someone runs on this machine is not disturbed; the solution is already built.
/// The test sends SIGTERM: a process started from the test host may have SIGINT ignored, which bash cannot trap.
/// </summary>
[Trait("Category", "Process")]
public sealed class RunClusterScriptTests
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(300);

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task Make_run_starts_six_sites_that_peake_finds_without_flags_and_a_signal_stops_every_node()
    {
        using var folder = new TempFolder();
        var runDir = Path.Combine(folder.Path, "run");
        using var script = StartScript(runDir);
        var output = new StringBuilder();
        void Collect(string? line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }

        script.OutputDataReceived += (_, e) => Collect(e.Data);
        script.ErrorDataReceived += (_, e) => Collect(e.Data);
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        string Output()
        {
            lock (output)
            {
                return output.ToString();
            }
        }

        var runFile = Path.Combine(runDir, "cluster.json");
        int[] pids = [];
        try
        {
            await Eventually.Until(
                () => Task.FromResult(script.HasExited ? "exited:\n" + Output() : Output()),
                o => o.Contains("Ctrl-C stops the cluster.", StringComparison.Ordinal) || o.StartsWith("exited:", StringComparison.Ordinal),
                StartBound,
                "the cluster ready");
            Assert.False(script.HasExited, Output());
            var run = JsonNode.Parse(await File.ReadAllTextAsync(runFile))!;
            pids = [.. run["nodes"]!.AsArray().Select(n => n!["pid"]!.GetValue<int>())];
            Assert.Equal(6, pids.Length);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(runDir, "token")));
            // One journal for all six (a shard that moves site must find its events), no file per node.
            Assert.True(File.Exists(Path.Combine(runDir, "journal.db")), Output());
            Assert.Empty(Directory.GetFiles(runDir, "peake.db", SearchOption.AllDirectories));

            var peake = new PeakeCli(folder.Path);
            peake.Environment["PEAKE_RUN_FILE"] = runFile;
            var show = await peake.RunAsync("cluster", "show", "--json");

            Assert.True(show.ExitCode == 0, $"{show}\n{Output()}");
            var members = JsonNode.Parse(show.StandardOutput)!["members"]!.AsArray();
            Assert.Equal(6, members.Count);
            Assert.All(members, m => Assert.Equal("Up", m!["status"]!.GetValue<string>()));
            Assert.Equal(
                ["central", "east", "northwest", "south", "southeast", "west"],
                members.Select(m => m!["site"]!.GetValue<string>()).Order(StringComparer.Ordinal));
            // The sites table of `peake sites show`: every node's DICOM endpoint and called AE, and the hospitals.
            var east = run["nodes"]!.AsArray().Single(n => n!["site"]!.GetValue<string>() == "east")!;
            var dicom = east["dicom"]!.GetValue<string>();
            var dicomWeb = $"http://{east["http"]!.GetValue<string>()}/dicomweb";
            Assert.Matches($@"(?m)^  east +{Regex.Escape(dicom)} +PEAKE_EAST +akka\.tcp://peake@127\.0\.0\.1:\d+ +{Regex.Escape(dicomWeb)} +POTOMAC_PACS,CHESKIDS_CT,SHENVAL_MR$", Output());
            Assert.Contains("  6 sites, 6 live nodes, ", Output(), StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(runDir, "cluster-secret")));

            Signal(script.Id, "TERM");
            Assert.True(script.WaitForExit(TimeSpan.FromSeconds(120)), $"the script did not stop\n{Output()}");
            script.WaitForExit(); // the timed wait does not wait for the redirected output to be read to its end
            Assert.Equal(143, script.ExitCode);
            Assert.All(pids, pid => Assert.False(Alive(pid), $"node PID {pid} still runs\n{Output()}"));
            Assert.False(File.Exists(runFile), "the run file outlived the cluster");
            Assert.Contains("make run: stopped", Output(), StringComparison.Ordinal);
        }
        finally
        {
            // Only what this test started: the script, then any node it left (by the PIDs it recorded).
            if (!script.HasExited)
            {
                script.Kill(entireProcessTree: false);
            }

            foreach (var pid in pids.Where(p => Alive(p) && File.ReadAllText($"/proc/{p}/cmdline").Contains("peake-node", StringComparison.Ordinal)))
            {
                using var node = Process.GetProcessById(pid);
                node.Kill(entireProcessTree: false);
            }
        }
    }

    [Fact]
    public async Task Make_run_refuses_to_start_when_a_port_it_needs_is_taken_and_starts_no_node()
    {
        using var folder = new TempFolder();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        using var script = StartScript(Path.Combine(folder.Path, "run"), ("PEAKE_RUN_HTTP_PORT", port));
        var stderr = script.StandardError.ReadToEndAsync();
        var stdout = script.StandardOutput.ReadToEndAsync();

        Assert.True(await PeakeProcess.WaitAsync(script, TimeSpan.FromSeconds(60)), "the script did not give up");
        Assert.Equal(1, script.ExitCode);
        Assert.Equal($"make run: 127.0.0.1:{port} is already in use by another program\n", await stderr);
        Assert.DoesNotContain("started", await stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Path, "run", "pids")));
    }

    private static Process StartScript(string runDir, params (string Name, string Value)[] overrides)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "scripts", "run-cluster.sh"));
        start.Environment["PEAKE_RUN_DIR"] = runDir;
        start.Environment["PEAKE_RUN_BUILD"] = "0";
        start.Environment["CONFIG"] = RepositoryRoot.Configuration;
        start.Environment["DOTNET"] = PeakeProcess.DotnetHost;
        start.Environment["PEAKE_RUN_READY_SECONDS"] = ((int)StartBound.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        foreach (var name in new[] { "PEAKE_RUN_REMOTING_PORT", "PEAKE_RUN_HTTP_PORT", "PEAKE_RUN_DICOM_PORT" })
        {
            start.Environment[name] = FreePort.On("127.0.0.1").ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in overrides)
        {
            start.Environment[name] = value;
        }

        start.Environment.Remove("PEAKE_MANAGEMENT_TOKEN");
        return Process.Start(start) ?? throw new InvalidOperationException("could not start run-cluster.sh");
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static bool Alive(int pid) => Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}");
}
