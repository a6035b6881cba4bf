using System.Buffers;
using System.Buffers.Binary;

namespace Peake.Dicom.Network.Pdu;

/// <summary>
/// Encodes and decodes the seven PDUs of PS3.8 9.3. Decoding is defensive: the 6-byte header is checked (type, and
/// length against <see cref="PduReadLimits"/> and the type's fixed size) before the body is waited for, so a peer
/// announcing 0xFFFFFFFF bytes is refused at once and nothing is ever allocated from an unchecked length. Every
/// malformation throws <see cref="DicomNetworkProtocolException"/> with the A-ABORT reason to answer it with.
/// </summary>
public static class PduCodec
{
    public const int HeaderLength = 6;

    // PS3.8 9.3.2: protocol version, reserved, called AE, calling AE, 32 reserved bytes.
    internal const int AssociateFixedLength = 2 + 2 + 16 + 16 + 32;

    // PS3.8 9.3.5: a PDV item is a 4-byte length, a context id and a message control header.
    internal const int PdvHeaderLength = 6;

    public static byte[] Encode(DicomPdu pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        var b = new PduBuilder(pdu is PDataTransferPdu p ? HeaderLength + p.Values.Sum(v => PdvHeaderLength + v.Data.Length) : 256);
        b.Byte((byte)pdu.Type);
        b.Byte(0);
        var start = b.BeginUInt32Length();
        switch (pdu)
        {
            case AssociateRequestPdu rq:
                AssociatePduCodec.WriteRequest(b, rq);
                break;
            case AssociateAcceptPdu ac:
                AssociatePduCodec.WriteAccept(b, ac);
                break;
            case AssociateRejectPdu rj:
                b.Byte(0);
                b.Byte((byte)rj.Result);
                b.Byte((byte)rj.Source);
                b.Byte(rj.Reason);
                break;
            case PDataTransferPdu data:
                WriteDataTransfer(b, data);
                break;
            case ReleaseRequestPdu or ReleaseResponsePdu:
                b.Zeros(4);
                break;
            case AbortPdu abort:
                b.Zeros(2);
                b.Byte((byte)abort.Source);
                b.Byte((byte)abort.Reason);
                break;
            default:
                throw new ArgumentException($"unknown PDU {pdu.GetType().Name}", nameof(pdu));
        }
        b.EndUInt32Length(start);
        return b.ToArray();
    }

    /// <summary>
    /// Takes one whole PDU off the front of <paramref name="buffer"/>. Returns false when more bytes are needed (the
    /// buffer is then unchanged); throws as soon as the bytes present prove the PDU invalid.
    /// </summary>
    public static bool TryDecode(ref ReadOnlySequence<byte> buffer, PduReadLimits limits, out DicomPdu? pdu)
    {
        pdu = null;
        if (!TryFrame(buffer, limits, out var type, out var length))
        {
            return false;
        }
        // The length is now bounded by the limits, so this copy is too.
        pdu = DecodeBody(type, buffer.Slice(HeaderLength, length).ToArray());
        buffer = buffer.Slice(HeaderLength + length);
        return true;
    }

    /// <summary>
    /// Checks the header of the PDU at the front of <paramref name="buffer"/>: false while the header or the body it
    /// announces is incomplete; throws as soon as the header proves the PDU invalid.
    /// </summary>
    internal static bool TryFrame(in ReadOnlySequence<byte> buffer, PduReadLimits limits, out PduType type, out uint length)
    {
        ArgumentNullException.ThrowIfNull(limits);
        (type, length) = (default, 0);
        if (buffer.Length < HeaderLength)
        {
            return false;
        }
        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        (type, length) = CheckHeader(header, limits);
        return buffer.Length - HeaderLength >= length;
    }

    /// <summary>Decodes exactly one complete PDU; trailing or missing bytes are an error.</summary>
    public static DicomPdu Decode(ReadOnlySpan<byte> bytes, PduReadLimits? limits = null)
    {
        if (bytes.Length < HeaderLength)
        {
            throw new DicomNetworkProtocolException(AbortReason.InvalidPduParameterValue, $"a PDU of {bytes.Length} bytes has no complete header");
        }
        var (type, length) = CheckHeader(bytes[..HeaderLength], limits ?? PduReadLimits.Default);
        if (bytes.Length - HeaderLength != length)
        {
            throw new DicomNetworkProtocolException(
                AbortReason.InvalidPduParameterValue, $"PDU length field says {length} bytes but {bytes.Length - HeaderLength} follow the header");
        }
        return DecodeBody(type, bytes[HeaderLength..].ToArray());
    }

    /// <summary>Checks the PDU header alone: the type must be known and the length plausible for that type.</summary>
    internal static (PduType Type, uint Length) CheckHeader(ReadOnlySpan<byte> header, PduReadLimits limits)
    {
        var type = (PduType)header[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[2..]);
        var (min, max) = type switch
        {
            PduType.AssociateRequest or PduType.AssociateAccept => ((uint)AssociateFixedLength, limits.MaxAssociatePduLength),
            PduType.DataTransfer => ((uint)PdvHeaderLength, limits.MaxDataTransferLength),
            PduType.AssociateReject or PduType.ReleaseRequest or PduType.ReleaseResponse or PduType.Abort => (4u, 4u),
            _ => throw new DicomNetworkProtocolException(AbortReason.UnrecognizedPdu, $"unrecognized PDU type 0x{header[0]:X2}"),
        };
        if (length < min || length > max)
        {
            throw new DicomNetworkProtocolException(
                AbortReason.InvalidPduParameterValue,
                min == max
                    ? $"{type} PDU length is {length}, must be {min}"
                    : $"{type} PDU length {length} is outside {min}..{max}");
        }
        return (type, length);
    }

    /// <summary>
    /// Decodes a PDU body. The PDVs of a P-DATA-TF are slices of <paramref name="body"/>, not copies: they are valid as
    /// long as the caller keeps those bytes.
    /// </summary>
    internal static DicomPdu DecodeBody(PduType type, ReadOnlyMemory<byte> body)
    {
        switch (type)
        {
            case PduType.AssociateRequest:
                return AssociatePduCodec.ReadRequest(body.ToArray());
            case PduType.AssociateAccept:
                return AssociatePduCodec.ReadAccept(body.ToArray());
            case PduType.DataTransfer:
                return ReadDataTransfer(body);
            case PduType.ReleaseRequest:
                return ReleaseRequestPdu.Instance;
            case PduType.ReleaseResponse:
                return ReleaseResponsePdu.Instance;
            case PduType.Abort:
                return new AbortPdu((AbortSource)body.Span[2], (AbortReason)body.Span[3]);
            case PduType.AssociateReject:
                var fields = body.Span;
                var result = (AssociateRejectResult)fields[1];
                var source = (AssociateRejectSource)fields[2];
                if (!Enum.IsDefined(result) || !Enum.IsDefined(source))
                {
                    throw new DicomNetworkProtocolException(
                        AbortReason.InvalidPduParameterValue, $"A-ASSOCIATE-RJ with result {fields[1]} and source {fields[2]}");
                }
                return new AssociateRejectPdu(result, source, fields[3]);
            default:
                throw new DicomNetworkProtocolException(AbortReason.UnrecognizedPdu, $"unrecognized PDU type {type}");
        }
    }

    private static void WriteDataTransfer(PduBuilder b, PDataTransferPdu data)
    {
        if (data.Values.Count == 0)
        {
            throw new ArgumentException("P-DATA-TF needs at least one PDV (PS3.8 9.3.5)", nameof(data));
        }
        foreach (var pdv in data.Values)
        {
            b.UInt32((uint)(pdv.Data.Length + 2));
            b.Byte(pdv.PresentationContextId);
            b.Byte((byte)((pdv.IsCommand ? 1 : 0) | (pdv.IsLast ? 2 : 0)));
            b.Bytes(pdv.Data.Span);
        }
    }

    private static PDataTransferPdu ReadDataTransfer(ReadOnlyMemory<byte> body)
    {
        var values = new List<PresentationDataValue>(1);
        var r = new PduSpanReader(body.Span);
        while (r.Remaining > 0)
        {
            var itemLength = r.UInt32("PDV item length");
            // The item length covers the context id and control header: 2 is a PDV with no data, less is impossible.
            if (itemLength < 2 || itemLength > r.Remaining)
            {
                throw new DicomNetworkProtocolException(
                    AbortReason.InvalidPduParameterValue, $"PDV item length {itemLength} with {r.Remaining} bytes left in the PDU");
            }
            var contextId = r.Byte("PDV presentation context id");
            var control = r.Byte("PDV message control header");
            if ((control & 0xFC) != 0)
            {
                // PS3.8 E.2: bits 2-7 are always 0.
                throw new DicomNetworkProtocolException(AbortReason.InvalidPduParameterValue, $"PDV message control header 0x{control:X2}");
            }
            var offset = r.Position;
            r.Skip((int)itemLength - 2, "PDV data");
            values.Add(new PresentationDataValue(contextId, (control & 1) != 0, (control & 2) != 0, body.Slice(offset, (int)itemLength - 2)));
        }
        return new PDataTransferPdu(values);
    }
}
