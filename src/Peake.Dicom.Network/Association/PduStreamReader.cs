using System.Buffers;
using System.IO.Pipelines;
using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Association;

/// <summary>
/// Takes whole PDUs off a transport stream through a <see cref="PipeReader"/>. At most one PDU (bounded by the
/// limits, checked from its header) plus one read segment is ever buffered. A long association allocates no buffer
/// per PDU: the pipe's segments come from a pool, and the body of each P-DATA-TF is copied into one body buffer,
/// rented from <see cref="ArrayPool{T}"/>, that is reused for the next. So the PDVs of a P-DATA-TF returned by
/// <see cref="ReadAsync"/> are valid only until the next call (or dispose): whoever keeps bytes copies them, as
/// <see cref="PDataReassembler"/> does with a command and a store sink does by writing them out.
/// </summary>
internal sealed class PduStreamReader : IAsyncDisposable
{
    // Big enough that a 16 KB or 256 KB PDU takes a handful of reads, not one per 4 KB.
    private const int ReadBufferSize = 64 * 1024;

    private readonly PipeReader _reader;
    private readonly PduReadLimits _limits;
    private byte[] _body = [];

    public PduStreamReader(Stream stream, PduReadLimits limits)
    {
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: ReadBufferSize, minimumReadSize: ReadBufferSize / 4, leaveOpen: true));
        _limits = limits;
    }

    /// <summary>
    /// The next PDU, or null when the peer closed (possibly in the middle of a PDU: the connection is gone either
    /// way). The data of a P-DATA-TF is valid until the next call.
    /// </summary>
    /// <exception cref="DicomNetworkProtocolException">The bytes are not a valid PDU; the stream has lost its framing.</exception>
    public async ValueTask<DicomPdu?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            DicomPdu? pdu = null;
            try
            {
                if (PduCodec.TryFrame(buffer, _limits, out var type, out var length))
                {
                    var body = buffer.Slice(PduCodec.HeaderLength, length);
                    pdu = PduCodec.DecodeBody(type, type == PduType.DataTransfer ? Reuse(body) : body.ToArray());
                    buffer = buffer.Slice(body.End);
                }
            }
            catch (DicomNetworkProtocolException)
            {
                _reader.AdvanceTo(result.Buffer.End);
                throw;
            }
            if (pdu is not null)
            {
                _reader.AdvanceTo(buffer.Start);
                return pdu;
            }
            if (result.IsCompleted)
            {
                _reader.AdvanceTo(buffer.End);
                return null;
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Reads and drops bytes until the peer closes: for Sta13, after the framing may be lost.</summary>
    public async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            _reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync().ConfigureAwait(false);
        if (_body.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_body);
            _body = [];
        }
    }

    /// <summary>Copies a P-DATA-TF body (its length already checked against the limits) into the reused buffer.</summary>
    private ReadOnlyMemory<byte> Reuse(ReadOnlySequence<byte> body)
    {
        var length = (int)body.Length;
        if (_body.Length < length)
        {
            if (_body.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_body);
            }
            _body = ArrayPool<byte>.Shared.Rent(length);
        }
        body.CopyTo(_body);
        return _body.AsMemory(0, length);
    }
}
