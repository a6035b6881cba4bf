using System.IO.Pipelines;
using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Association;

/// <summary>
/// Takes whole PDUs off a transport stream through a <see cref="PipeReader"/>. At most one PDU (bounded by the
/// limits, checked from its header) plus one read segment is ever buffered.
/// </summary>
internal sealed class PduStreamReader : IAsyncDisposable
{
    private readonly PipeReader _reader;
    private readonly PduReadLimits _limits;

    public PduStreamReader(Stream stream, PduReadLimits limits)
    {
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        _limits = limits;
    }

    /// <summary>The next PDU, or null when the peer closed (possibly in the middle of a PDU: the connection is gone either way).</summary>
    /// <exception cref="DicomNetworkProtocolException">The bytes are not a valid PDU; the stream has lost its framing.</exception>
    public async ValueTask<DicomPdu?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            bool decoded;
            DicomPdu? pdu;
            try
            {
                decoded = PduCodec.TryDecode(ref buffer, _limits, out pdu);
            }
            catch (DicomNetworkProtocolException)
            {
                _reader.AdvanceTo(result.Buffer.End);
                throw;
            }
            if (decoded)
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

    public ValueTask DisposeAsync() => _reader.CompleteAsync();
}
