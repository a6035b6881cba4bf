using System.Text;
using Xunit;

namespace Peake.Testing;

/// <summary>
/// A test-side multipart/related reader and writer, written from RFC 2046 5.1 so that the server's framing is checked
/// by code that does not share its assumptions.
/// </summary>
public static class Multipart
{
    public sealed record Part(string ContentType, byte[] Body);

    /// <summary>Parts of a body that must start with "--boundary\r\n" (what dicomweb-client needs).</summary>
    public static IReadOnlyList<Part> Split(byte[] body, string boundary)
    {
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        Assert.True(body.AsSpan().StartsWith(delimiter), "the body does not start with the boundary");
        var parts = new List<Part>();
        var position = delimiter.Length;
        while (true)
        {
            Assert.True(position + 2 <= body.Length, "body ended without a closing delimiter");
            if (body[position] == '-' && body[position + 1] == '-')
            {
                return parts;
            }

            position += 2; // CRLF after the delimiter
            var headersEnd = body.AsSpan(position).IndexOf("\r\n\r\n"u8);
            var headers = Encoding.ASCII.GetString(body, position, headersEnd).Split("\r\n");
            var contentStart = position + headersEnd + 4;
            var next = body.AsSpan(contentStart).IndexOf([.. "\r\n"u8, .. delimiter]);
            Assert.True(next >= 0, "part without a following delimiter");
            var contentType = headers.First(h => h.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))["Content-Type:".Length..].Trim();
            parts.Add(new Part(contentType, body.AsSpan(contentStart, next).ToArray()));
            position = contentStart + next + 2 + delimiter.Length;
        }
    }

    public static string BoundaryOf(string contentType) =>
        contentType.Split(';').Select(p => p.Trim()).First(p => p.StartsWith("boundary=", StringComparison.Ordinal))["boundary=".Length..].Trim('"');

    public static byte[] Build(string boundary, params (string ContentType, byte[] Body)[] parts)
    {
        using var output = new MemoryStream();
        foreach (var (type, content) in parts)
        {
            output.Write(Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: {type}\r\n\r\n"));
            output.Write(content);
            output.Write("\r\n"u8);
        }

        output.Write(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"));
        return output.ToArray();
    }
}
