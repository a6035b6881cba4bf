using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Cli;

/// <summary>
/// A C-GET of an instance far larger than the memory either side should use: `peake dicom scp` streams the stored
/// file and `peake dicom get` streams what arrives into its file, so both peak resident sets stay well under the
/// object's size (the peaks are read from Linux: VmHWM after resetting it, and GNU time's maximum RSS).
/// </summary>
public sealed partial class LargeGetTests
{
    private const string Study = "1.2.826.0.1.3680043.99.12.1";
    private const long PixelBytes = 256L * 1024 * 1024;

    // Well below 256 MB plus a runtime (about 80 MB is measured), above what a .NET process streaming 256 KB PDUs needs.
    private const long MaxPeakKb = 160 * 1024;

    [Fact]
    public async Task Get_of_a_256_MB_instance_keeps_server_and_client_memory_bounded_and_the_bytes_identical()
    {
        using var work = new WorkFolder();
        var source = await MakeLargeAsync(work.Path);
        await using var scp = await PeakeScp.StartAsync("--aet", "PEAKE", "--accept-any-calling-ae");
        var store = await PeakeProcess.RunAsync(["dicom", "store", "127.0.0.1", scp.PortText, "--aec", "PEAKE", source], TimeSpan.FromMinutes(2));
        Assert.True(store.ExitCode == 0, $"{store}\n{scp.Output}");

        // Linux proc(5): writing "5" to clear_refs resets the peak resident set size, so only the C-GET is measured.
        await File.WriteAllTextAsync($"/proc/{scp.ProcessId.ToString(CultureInfo.InvariantCulture)}/clear_refs", "5");
        var got = Path.Combine(work.Path, "got");
        var get = await PeerProcess.RunAsync(
            "/usr/bin/time",
            ["-f", "peak-rss-kb=%M", PeakeProcess.DotnetHost, PeakeProcess.AssemblyPath, "dicom", "get", "127.0.0.1", scp.PortText, "--aec", "PEAKE", "-k", $"StudyInstanceUID={Study}", "--dir", got],
            TimeSpan.FromMinutes(2));
        var serverPeakKb = ServerPeakKb(scp.ProcessId);

        Assert.True(get.ExitCode == 0, $"{get}\n{scp.Output}");
        Assert.Contains("1 completed, 0 failed", get.StandardOutput, StringComparison.Ordinal);
        var clientPeakKb = long.Parse(PeakPattern().Match(get.StandardError).Groups[1].Value, CultureInfo.InvariantCulture);
        var peaks = $"peake dicom scp peaked at {serverPeakKb} kB during the C-GET, peake dicom get at {clientPeakKb} kB";
        Assert.True(serverPeakKb < MaxPeakKb, peaks);
        Assert.True(clientPeakKb < MaxPeakKb, peaks);
        var received = Assert.Single(Directory.GetFiles(got, "*.dcm"));
        Assert.Equal(DataSetHash(source), DataSetHash(received));
    }

    /// <summary>A Secondary Capture header from dump2dcm, then a (7FE0,0010) OB of patterned bytes appended in pieces.</summary>
    private static async Task<string> MakeLargeAsync(string folder)
    {
        var file = await RetrieveSources.MakeAsync(folder, "1.2.826.0.1.3680043.99.12.3.1", Study, "1.2.826.0.1.3680043.99.12.2.1", "+te");
        await using var stream = new FileStream(file, FileMode.Append, FileAccess.Write);
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0x7FE0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 0x0010);
        "OB"u8.CopyTo(header.AsSpan(4));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)PixelBytes);
        await stream.WriteAsync(header);
        var chunk = new byte[1024 * 1024];
        for (var i = 0; i < PixelBytes / chunk.Length; i++)
        {
            // Mostly zeros with a marker per chunk: cheap to make, yet a misplaced chunk changes the hash.
            BinaryPrimitives.WriteInt32LittleEndian(chunk, i);
            await stream.WriteAsync(chunk);
        }

        return file;
    }

    private static long ServerPeakKb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>SHA-256 of the data set, streamed from after the meta group (PS3.10 7.1).</summary>
    private static string DataSetHash(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[144];
        stream.ReadExactly(head);
        stream.Position = 144 + BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(140));
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    [GeneratedRegex(@"peak-rss-kb=(\d+)")]
    private static partial Regex PeakPattern();
}
