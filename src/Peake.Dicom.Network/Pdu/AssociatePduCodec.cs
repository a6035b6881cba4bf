namespace Peake.Dicom.Network.Pdu;

/// <summary>
/// The fixed fields and variable items of A-ASSOCIATE-RQ and -AC (PS3.8 9.3.2, 9.3.3). Presentation context ids must
/// be odd, 1-255 and unique (PS3.8 9.3.2.2), so at most 128 contexts; each request context has exactly one abstract
/// syntax and at least one transfer syntax. Item types this layer does not define are refused: unlike user
/// information sub-items, PS3.8 gives no room for extensions here.
/// </summary>
internal static class AssociatePduCodec
{
    public const int MaxPresentationContexts = 128;

    public static void WriteRequest(PduBuilder b, AssociateRequestPdu rq)
    {
        WriteFixed(b, rq.ProtocolVersion, rq.CalledAeTitle, rq.CallingAeTitle);
        b.AsciiItem(ItemType.ApplicationContext, rq.ApplicationContextName);
        foreach (var pc in rq.PresentationContexts)
        {
            b.Byte(ItemType.PresentationContextRequest);
            b.Byte(0);
            var start = b.BeginUInt16Length();
            b.Byte(pc.Id);
            b.Zeros(3);
            b.AsciiItem(ItemType.AbstractSyntax, pc.AbstractSyntax);
            foreach (var ts in pc.TransferSyntaxes)
            {
                b.AsciiItem(ItemType.TransferSyntax, ts);
            }
            b.EndUInt16Length(start);
        }
        UserInformationCodec.Write(b, rq.UserInformation);
    }

    public static void WriteAccept(PduBuilder b, AssociateAcceptPdu ac)
    {
        WriteFixed(b, ac.ProtocolVersion, ac.CalledAeTitle, ac.CallingAeTitle);
        b.AsciiItem(ItemType.ApplicationContext, ac.ApplicationContextName);
        foreach (var pc in ac.PresentationContexts)
        {
            b.Byte(ItemType.PresentationContextAccept);
            b.Byte(0);
            var start = b.BeginUInt16Length();
            b.Byte(pc.Id);
            b.Byte(0);
            b.Byte((byte)pc.Result);
            b.Byte(0);
            b.AsciiItem(ItemType.TransferSyntax, pc.TransferSyntax);
            b.EndUInt16Length(start);
        }
        UserInformationCodec.Write(b, ac.UserInformation);
    }

    public static AssociateRequestPdu ReadRequest(byte[] body)
    {
        var r = new PduSpanReader(body);
        var (version, called, calling) = ReadFixed(ref r, validateAeTitles: true);
        string? applicationContext = null;
        UserInformation? userInformation = null;
        var contexts = new List<PresentationContextRequest>();
        var ids = new HashSet<byte>();
        while (r.Remaining > 0)
        {
            var type = ReadItem(ref r, "A-ASSOCIATE-RQ item", out var value);
            switch (type)
            {
                case ItemType.ApplicationContext:
                    applicationContext = Once(applicationContext, PduSpanReader.Uid(value, "application context name"), "application context");
                    break;
                case ItemType.PresentationContextRequest:
                    var pc = ReadPresentationContextRequest(value);
                    CheckContextId(pc.Id, ids, contexts.Count);
                    contexts.Add(pc);
                    break;
                case ItemType.UserInformation:
                    userInformation = Once(userInformation, UserInformationCodec.Read(value), "user information");
                    break;
                default:
                    throw new DicomNetworkProtocolException(AbortReason.UnrecognizedPduParameter, $"A-ASSOCIATE-RQ item type 0x{type:X2}");
            }
        }
        if (applicationContext is null || contexts.Count == 0)
        {
            throw new DicomNetworkProtocolException(
                AbortReason.InvalidPduParameterValue, "A-ASSOCIATE-RQ needs an application context and at least one presentation context");
        }
        return new AssociateRequestPdu(called, calling, contexts, userInformation ?? new UserInformation(0), applicationContext, version);
    }

    public static AssociateAcceptPdu ReadAccept(byte[] body)
    {
        var r = new PduSpanReader(body);
        var (version, called, calling) = ReadFixed(ref r, validateAeTitles: false);
        string? applicationContext = null;
        UserInformation? userInformation = null;
        var contexts = new List<PresentationContextAccept>();
        var ids = new HashSet<byte>();
        while (r.Remaining > 0)
        {
            var type = ReadItem(ref r, "A-ASSOCIATE-AC item", out var value);
            switch (type)
            {
                case ItemType.ApplicationContext:
                    applicationContext = Once(applicationContext, PduSpanReader.Uid(value, "application context name"), "application context");
                    break;
                case ItemType.PresentationContextAccept:
                    var pc = ReadPresentationContextAccept(value);
                    CheckContextId(pc.Id, ids, contexts.Count);
                    contexts.Add(pc);
                    break;
                case ItemType.UserInformation:
                    userInformation = Once(userInformation, UserInformationCodec.Read(value), "user information");
                    break;
                default:
                    throw new DicomNetworkProtocolException(AbortReason.UnrecognizedPduParameter, $"A-ASSOCIATE-AC item type 0x{type:X2}");
            }
        }
        if (applicationContext is null)
        {
            throw new DicomNetworkProtocolException(AbortReason.InvalidPduParameterValue, "A-ASSOCIATE-AC without an application context");
        }
        return new AssociateAcceptPdu(called, calling, contexts, userInformation ?? new UserInformation(0), applicationContext, version);
    }

    /// <summary>Reads an item header (type, reserved, 16-bit length) and returns its checked value.</summary>
    public static byte ReadItem(ref PduSpanReader r, string what, out ReadOnlySpan<byte> value)
    {
        var type = r.Byte(what);
        r.Skip(1, what);
        var length = r.UInt16(what);
        value = r.Take(length, $"{what} 0x{type:X2}");
        return type;
    }

    private static void WriteFixed(PduBuilder b, ushort version, string called, string calling)
    {
        b.UInt16(version);
        b.Zeros(2);
        b.AeTitle(called);
        b.AeTitle(calling);
        b.Zeros(32);
    }

    private static (ushort Version, string Called, string Calling) ReadFixed(ref PduSpanReader r, bool validateAeTitles)
    {
        var version = r.UInt16("protocol version");
        r.Skip(2, "reserved");
        var called = AeTitle.Read(r.Take(AeTitle.Length, "called AE title"), validateAeTitles, "called AE title");
        var calling = AeTitle.Read(r.Take(AeTitle.Length, "calling AE title"), validateAeTitles, "calling AE title");
        r.Skip(32, "reserved");
        return (version, called, calling);
    }

    private static PresentationContextRequest ReadPresentationContextRequest(ReadOnlySpan<byte> value)
    {
        var r = new PduSpanReader(value);
        var id = r.Byte("presentation context id");
        r.Skip(3, "reserved");
        string? abstractSyntax = null;
        var transferSyntaxes = new List<string>();
        while (r.Remaining > 0)
        {
            var type = ReadItem(ref r, "presentation context sub-item", out var item);
            switch (type)
            {
                case ItemType.AbstractSyntax:
                    abstractSyntax = Once(abstractSyntax, PduSpanReader.Uid(item, "abstract syntax"), "abstract syntax");
                    break;
                case ItemType.TransferSyntax:
                    transferSyntaxes.Add(PduSpanReader.Uid(item, "transfer syntax"));
                    break;
                default:
                    throw new DicomNetworkProtocolException(AbortReason.UnrecognizedPduParameter, $"presentation context sub-item type 0x{type:X2}");
            }
        }
        if (abstractSyntax is null || transferSyntaxes.Count == 0)
        {
            throw new DicomNetworkProtocolException(
                AbortReason.InvalidPduParameterValue, $"presentation context {id} needs one abstract syntax and at least one transfer syntax");
        }
        return new PresentationContextRequest(id, abstractSyntax, transferSyntaxes);
    }

    private static PresentationContextAccept ReadPresentationContextAccept(ReadOnlySpan<byte> value)
    {
        var r = new PduSpanReader(value);
        var id = r.Byte("presentation context id");
        r.Skip(1, "reserved");
        var result = (PresentationContextResult)r.Byte("presentation context result");
        r.Skip(1, "reserved");
        if (!Enum.IsDefined(result))
        {
            throw new DicomNetworkProtocolException(AbortReason.InvalidPduParameterValue, $"presentation context {id} result {(byte)result}");
        }
        string? transferSyntax = null;
        while (r.Remaining > 0)
        {
            var type = ReadItem(ref r, "presentation context sub-item", out var item);
            if (type != ItemType.TransferSyntax)
            {
                throw new DicomNetworkProtocolException(AbortReason.UnrecognizedPduParameter, $"presentation context sub-item type 0x{type:X2}");
            }
            // PS3.8 9.3.3.2: not significant, and not tested, unless the context was accepted.
            var syntax = result == PresentationContextResult.Acceptance
                ? PduSpanReader.Uid(item, "transfer syntax")
                : PduSpanReader.TryUid(item, out var uid, out _) ? uid : "";
            transferSyntax = Once(transferSyntax, syntax, "transfer syntax");
        }
        if (result == PresentationContextResult.Acceptance && transferSyntax is null)
        {
            throw new DicomNetworkProtocolException(AbortReason.InvalidPduParameterValue, $"accepted presentation context {id} has no transfer syntax");
        }
        return new PresentationContextAccept(id, result, transferSyntax ?? "");
    }

    private static void CheckContextId(byte id, HashSet<byte> seen, int count)
    {
        if (id % 2 == 0)
        {
            throw new DicomNetworkProtocolException(AbortReason.InvalidPduParameterValue, $"presentation context id {id} is even (PS3.8 9.3.2.2)");
        }
        if (count >= MaxPresentationContexts || !seen.Add(id))
        {
            throw new DicomNetworkProtocolException(AbortReason.InvalidPduParameterValue, $"presentation context id {id} is used twice");
        }
    }

    private static T Once<T>(T? existing, T value, string what)
        where T : class =>
        existing is null ? value : throw new DicomNetworkProtocolException(AbortReason.UnexpectedPduParameter, $"more than one {what} item");
}
