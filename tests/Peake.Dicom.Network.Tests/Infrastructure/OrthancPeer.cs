using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>
/// A private Orthanc (the Debian package's /usr/sbin/Orthanc) for the length of a test: its own JSON config, storage
/// and index in a temp folder, DICOM and HTTP on free loopback ports, no plugins, HTTP with generated credentials.
/// DICOM services are open only to the AE titles the test declares, from 127.0.0.1 (DicomCheckModalityHost), so
/// nothing else on the machine can store into it. The REST API is used only to look at what it holds. Disposing
/// kills exactly the process started here and deletes the folder.
/// </summary>
internal sealed class OrthancPeer : IAsyncDisposable
{
    public const string AeTitle = "ORTHANC_IT";
    private const string Binary = "/usr/sbin/Orthanc";

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private OrthancPeer(Process process, string directory, int dicomPort, HttpClient http)
    {
        _process = process;
        Directory = directory;
        DicomPort = dicomPort;
        Http = http;
    }

    public string Directory { get; }

    public int DicomPort { get; }

    /// <summary>Authenticated client on Orthanc's REST API (base address set).</summary>
    public HttpClient Http { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <param name="callers">AE titles allowed to use every DICOM service from 127.0.0.1.</param>
    /// <param name="destinations">Move destinations, reachable on 127.0.0.1.</param>
    public static async Task<OrthancPeer> StartAsync(IEnumerable<string> callers, IEnumerable<DicomPeer> destinations)
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: run scripts/install-deps.sh");
        var modalities = new JsonObject();
        foreach (var ae in callers)
        {
            // The port is never dialled: callers only call in.
            modalities[ae.ToLowerInvariant()] = Modality(ae, 104);
        }
        foreach (var peer in destinations)
        {
            modalities[peer.AeTitle.ToLowerInvariant()] = Modality(peer.AeTitle, peer.Port);
        }

        for (var attempt = 1; ; attempt++)
        {
            var directory = Path.Combine(Path.GetTempPath(), "peake-orthanc-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(directory);
            var (dicomPort, httpPort) = (LoopbackPort.Free(), LoopbackPort.Free());
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            var config = Path.Combine(directory, "orthanc.json");
            await File.WriteAllTextAsync(config, Config(directory, dicomPort, httpPort, password, (JsonObject)modalities.DeepClone()).ToJsonString());

            var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(config);
            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start Orthanc");
            var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("peake:" + password)));
            var peer = new OrthancPeer(process, directory, dicomPort, http);
            process.OutputDataReceived += (_, e) => peer.Append(e.Data);
            process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (await peer.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(30)))
            {
                return peer;
            }
            var log = peer.Log;
            await peer.DisposeAsync();
            // An exit at start is most likely a port taken between our probe and its bind: try new ports.
            Assert.True(attempt < 3, $"Orthanc did not start answering:\n{log}");
        }
    }

    /// <summary>The REST resource as JSON (GET).</summary>
    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body) ?? throw new InvalidOperationException($"GET {path}: empty body");
    }

    /// <summary>The Orthanc id of the instance with this SOP Instance UID, or null (POST /tools/lookup).</summary>
    public async Task<string?> InstanceIdAsync(string sopInstanceUid)
    {
        using var response = await Http.PostAsync("tools/lookup", new StringContent(sopInstanceUid));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /tools/lookup: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsArray().Select(n => n!).FirstOrDefault(n => (string?)n["Type"] == "Instance")?["ID"]?.GetValue<string>();
    }

    /// <summary>The Part 10 file Orthanc stored for the instance (GET /instances/{id}/file).</summary>
    public Task<byte[]> InstanceFileAsync(string id) => Http.GetByteArrayAsync($"instances/{id}/file");

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: false);
            }
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        Http.Dispose();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private async Task<bool> WaitUntilAnsweringAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await Http.GetAsync("system");
                if (response.IsSuccessStatusCode && await LoopbackPort.AcceptsAsync(DicomPort))
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(50);
        }
        return false;
    }

    private static JsonObject Modality(string ae, int port) => new() { ["AET"] = ae, ["Host"] = "127.0.0.1", ["Port"] = port };

    private static JsonObject Config(string directory, int dicomPort, int httpPort, string password, JsonObject modalities) => new()
    {
        ["Name"] = "peake-interop",
        ["StorageDirectory"] = Path.Combine(directory, "storage"),
        ["IndexDirectory"] = Path.Combine(directory, "index"),
        ["Plugins"] = new JsonArray(),
        ["LuaScripts"] = new JsonArray(),
        ["HttpServerEnabled"] = true,
        ["HttpPort"] = httpPort,
        ["RemoteAccessAllowed"] = false,
        ["AuthenticationEnabled"] = true,
        ["RegisteredUsers"] = new JsonObject { ["peake"] = password },
        ["WebDavEnabled"] = false,
        ["OrthancExplorerEnabled"] = false,
        ["DicomServerEnabled"] = true,
        ["DicomAet"] = AeTitle,
        ["DicomPort"] = dicomPort,
        ["DicomCheckCalledAet"] = true,
        ["DicomCheckModalityHost"] = true,
        ["DicomAlwaysAllowEcho"] = false,
        ["DicomAlwaysAllowStore"] = false,
        ["DicomAlwaysAllowFind"] = false,
        ["DicomAlwaysAllowGet"] = false,
        ["DicomAlwaysAllowMove"] = false,
        ["DicomModalities"] = modalities,
        ["DicomScuTimeout"] = 10,
        ["DicomScpTimeout"] = 30,
        // Close the sub-association of a C-MOVE right away, so the destination has everything when the move ends.
        ["DicomAssociationCloseDelay"] = 0,
        ["SynchronousCMove"] = true,
        // Keep what arrives as it arrived: no compression on disk, no transcoding on ingest.
        ["StorageCompression"] = false,
        ["OverwriteInstances"] = false,
        ["SaveJobs"] = false,
        ["MetricsEnabled"] = false,
        ["DeidentifyLogs"] = false,
    };

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
