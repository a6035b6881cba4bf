using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>A client that writes whatever bytes a test gives it: the hostile peer.</summary>
internal sealed class RawPeer : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawPeer(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawPeer> ConnectAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, port);
        return new RawPeer(client);
    }

    /// <summary>The next connection made to <paramref name="listener"/>: a scripted acceptor.</summary>
    public static async Task<RawPeer> AcceptAsync(TcpListener listener, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var client = await listener.AcceptTcpClientAsync(deadline.Token);
        client.NoDelay = true;
        return new RawPeer(client);
    }

    public async Task SendAsync(byte[] bytes)
    {
        try
        {
            await _stream.WriteAsync(bytes);
        }
        catch (IOException)
        {
            // The server may already have given up on us; what it answered is what the test checks.
        }
    }

    public Task SendAsync(DicomPdu pdu) => SendAsync(PduCodec.Encode(pdu));

    /// <summary>The next PDU the server sends, or null once it has closed the connection; fails past the deadline.</summary>
    public async Task<DicomPdu?> ReceiveAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            var header = new byte[6];
            if (!await ReadExactlyOrEndAsync(header, deadline.Token))
            {
                return null;
            }
            var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
            Assert.True(body.Length < 1 << 20, $"server sent a PDU of {body.Length} bytes");
            Assert.True(await ReadExactlyOrEndAsync(body, deadline.Token), "server closed in the middle of a PDU");
            return PduCodec.Decode([.. header, .. body]);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the server neither answered nor closed within {timeout}");
            return null;
        }
    }

    /// <summary>Waits until the server closes the connection, ignoring anything it still sends.</summary>
    public async Task AssertClosedWithinAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            while (await ReadAsync(buffer, deadline.Token) > 0)
            {
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the server did not close within {timeout}");
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<bool> ReadExactlyOrEndAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                return false;
            }
            read += n;
        }
        return true;
    }

    private async Task<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await _stream.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException)
        {
            // A reset is a close too.
            return 0;
        }
    }
}
