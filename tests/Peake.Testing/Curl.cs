using System.Diagnostics;
using Xunit;

namespace Peake.Testing;

/// <summary>A response as curl saw it: status, raw header lines and body bytes.</summary>
public sealed record CurlResponse(int Status, IReadOnlyList<string> Headers, byte[] Body)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    public string? Header(string name) =>
        Headers.Where(h => h.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)).Select(h => h[(name.Length + 1)..].Trim()).FirstOrDefault();

    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(h => h.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)).Select(h => h[(name.Length + 1)..].Trim());
}

/// <summary>
/// Runs the real curl (the acceptance's client, BRIEF6 7) against a DICOMweb endpoint, naming the calling hospital in
/// X-Peake-Hospital (none when empty); a body is sent from a file with its content type.
/// </summary>
public static class Curl
{
    public static async Task<CurlResponse> RunAsync(string url, string hospital, string? accept = null, string? contentType = null, string? bodyFile = null)
    {
        var dir = Directory.CreateTempSubdirectory("peake-curl-");
        try
        {
            var headers = Path.Combine(dir.FullName, "h");
            var body = Path.Combine(dir.FullName, "b");
            var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "-sS", "-g", "--max-time", "30", "-D", headers, "-o", body, "-w", "%{http_code}" })
            {
                start.ArgumentList.Add(arg);
            }

            void Header(string value)
            {
                start.ArgumentList.Add("-H");
                start.ArgumentList.Add(value);
            }

            if (accept is not null)
            {
                Header("Accept: " + accept);
            }

            if (hospital.Length > 0)
            {
                Header("X-Peake-Hospital: " + hospital);
            }

            if (bodyFile is not null)
            {
                Header("Content-Type: " + contentType);
                start.ArgumentList.Add("--data-binary");
                start.ArgumentList.Add("@" + bodyFile);
            }

            start.ArgumentList.Add(url);
            using var process = Process.Start(start)!;
            var stdout = await process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"curl failed ({process.ExitCode}): {stderr}");
            return new CurlResponse(
                int.Parse(stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture),
                File.ReadAllLines(headers),
                File.Exists(body) ? File.ReadAllBytes(body) : []);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
