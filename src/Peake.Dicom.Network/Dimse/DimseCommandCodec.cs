using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Dimse;

/// <summary>
/// Command sets to and from bytes. PS3.7 6.3.1: a command set is group 0000 only, always Implicit VR Little Endian
/// whatever the presentation context's transfer syntax, and starts with (0000,0000) Command Group Length. Encoding and
/// decoding go through Peake.Dicom's writer and reader; decoding then checks what DIMSE requires, and anything
/// missing or malformed is a protocol violation (the association is aborted rather than guessed at).
/// </summary>
public static partial class DimseCommandCodec
{
    /// <summary>PS3.7 E.1: (0000,0800) value meaning "no data set"; any other value means one follows.</summary>
    public const ushort NoDataSet = 0x0101;

    private const ushort DataSetPresent = 0x0000;

    private static readonly DicomReadOptions ReadOptions = new()
    {
        MaxDepth = 4,
        ReadTruncatedContainers = false,
        LazyThreshold = long.MaxValue,
        MaxValueLength = 64 * 1024,
    };

    public static byte[] Encode(DimseMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var ds = new DicomDataset();
        ds.SetValues<uint>(DicomTags.CommandGroupLength, DicomVR.UL, 0);
        ds.SetValues(DicomTags.CommandField, DicomVR.US, (ushort)message.CommandField);
        ds.SetValues(DicomTags.CommandDataSetType, DicomVR.US, message.HasDataSet ? DataSetPresent : NoDataSet);
        switch (message)
        {
            case CEchoRequest rq:
                SetRequest(ds, rq.AffectedSopClassUid, rq.MessageId, priority: null);
                break;
            case CEchoResponse rsp:
                SetResponse(ds, rsp.AffectedSopClassUid, rsp.MessageIdBeingRespondedTo, rsp.Status, errorComment: null);
                break;
            case CStoreRequest rq:
                SetRequest(ds, rq.AffectedSopClassUid, rq.MessageId, rq.Priority);
                ds.SetString(DicomTags.AffectedSOPInstanceUID, DicomVR.UI, rq.AffectedSopInstanceUid);
                if (rq.MoveOriginatorAeTitle is { } moveAe)
                {
                    ds.SetString(DicomTags.MoveOriginatorApplicationEntityTitle, DicomVR.AE, moveAe);
                }
                if (rq.MoveOriginatorMessageId is { } moveId)
                {
                    ds.SetValues(DicomTags.MoveOriginatorMessageID, DicomVR.US, moveId);
                }
                break;
            case CStoreResponse rsp:
                SetResponse(ds, rsp.AffectedSopClassUid, rsp.MessageIdBeingRespondedTo, rsp.Status, rsp.ErrorComment);
                ds.SetString(DicomTags.AffectedSOPInstanceUID, DicomVR.UI, rsp.AffectedSopInstanceUid);
                break;
            case CFindRequest rq:
                SetRequest(ds, rq.AffectedSopClassUid, rq.MessageId, rq.Priority);
                break;
            case CFindResponse rsp:
                SetResponse(ds, rsp.AffectedSopClassUid, rsp.MessageIdBeingRespondedTo, rsp.Status, rsp.ErrorComment);
                break;
            case CGetRequest rq:
                SetRequest(ds, rq.AffectedSopClassUid, rq.MessageId, rq.Priority);
                break;
            case CGetResponse rsp:
                SetResponse(ds, rsp.AffectedSopClassUid, rsp.MessageIdBeingRespondedTo, rsp.Status, rsp.ErrorComment);
                SetCounts(ds, rsp.Remaining, rsp.Completed, rsp.Failed, rsp.Warning);
                break;
            case CMoveRequest rq:
                SetRequest(ds, rq.AffectedSopClassUid, rq.MessageId, rq.Priority);
                ds.SetString(DicomTags.MoveDestination, DicomVR.AE, rq.MoveDestination);
                break;
            case CMoveResponse rsp:
                SetResponse(ds, rsp.AffectedSopClassUid, rsp.MessageIdBeingRespondedTo, rsp.Status, rsp.ErrorComment);
                SetCounts(ds, rsp.Remaining, rsp.Completed, rsp.Failed, rsp.Warning);
                break;
            case CCancelRequest cancel:
                ds.SetValues(DicomTags.MessageIDBeingRespondedTo, DicomVR.US, cancel.MessageIdBeingRespondedTo);
                break;
            case DimseStatusResponse rsp:
                SetResponse(ds, rsp.AffectedSopClassUid, rsp.MessageIdBeingRespondedTo, rsp.Status, errorComment: null);
                break;
            case NActionRequest or NActionResponse or NEventReportRequest or NEventReportResponse:
                EncodeNormalized(ds, message);
                break;
            default:
                throw new ArgumentException($"cannot encode {message.GetType().Name}", nameof(message));
        }
        return DicomWriter.ToBytes(ds, DicomTransferSyntax.ImplicitVRLittleEndian);
    }

    private static void SetRequest(DicomDataset ds, string sopClass, ushort messageId, DimsePriority? priority)
    {
        ds.SetString(DicomTags.AffectedSOPClassUID, DicomVR.UI, sopClass);
        ds.SetValues(DicomTags.MessageID, DicomVR.US, messageId);
        if (priority is { } p)
        {
            ds.SetValues(DicomTags.Priority, DicomVR.US, (ushort)p);
        }
    }

    private static void SetResponse(DicomDataset ds, string? sopClass, ushort respondedTo, ushort status, string? errorComment)
    {
        if (sopClass is not null)
        {
            ds.SetString(DicomTags.AffectedSOPClassUID, DicomVR.UI, sopClass);
        }

        ds.SetValues(DicomTags.MessageIDBeingRespondedTo, DicomVR.US, respondedTo);
        ds.SetValues(DicomTags.Status, DicomVR.US, status);
        if (errorComment is not null)
        {
            // PS3.7 C.4: Error Comment is LO, at most 64 characters, and a command set has only the default repertoire
            // (PS3.7 6.3.1): a comment quoting a peer's non-ASCII text gets '?' there instead of failing the response.
            var comment = string.Concat(errorComment.Select(c => c is >= ' ' and <= '~' && c != '\\' ? c : '?'));
            ds.SetString(DicomTags.ErrorComment, DicomVR.LO, comment.Length > 64 ? comment[..64] : comment);
        }
    }

    /// <summary>PS3.7 C.4.2/C.4.3: the sub-operation counts of C-GET and C-MOVE responses.</summary>
    private static void SetCounts(DicomDataset ds, ushort? remaining, ushort? completed, ushort? failed, ushort? warning)
    {
        SetCount(ds, DicomTags.NumberOfRemainingSuboperations, remaining);
        SetCount(ds, DicomTags.NumberOfCompletedSuboperations, completed);
        SetCount(ds, DicomTags.NumberOfFailedSuboperations, failed);
        SetCount(ds, DicomTags.NumberOfWarningSuboperations, warning);
    }

    public static DimseMessage Decode(ReadOnlyMemory<byte> bytes)
    {
        DicomDataset ds;
        try
        {
            using var stream = new MemoryStream(bytes.ToArray(), writable: false);
            ds = DicomReader.ReadDataset(stream, DicomTransferSyntax.ImplicitVRLittleEndian, ReadOptions);
        }
        catch (DicomParseException e)
        {
            throw Invalid($"unreadable: {e.Message}");
        }
        foreach (var element in ds)
        {
            if (element.Tag.Group != 0x0000)
            {
                throw Invalid($"element {element.Tag} outside group 0000");
            }

            // PS3.7 6.3.1: command set text is in the default repertoire (UI pads with NUL). Anything else would be
            // echoed into the response (Affected SOP Class/Instance UID) and could not be encoded there. The Error
            // Comment is free text only shown to people: a vendor's CR/LF or Latin-1 there is no reason to abort.
            if (element is DicomValueElement { VR.IsString: true } text
                && element.Tag != DicomTags.ErrorComment
                && text.Bytes.Span.TrimEnd((byte)0).ContainsAnyExceptInRange((byte)' ', (byte)'~'))
            {
                throw Invalid($"element {element.Tag} holds bytes outside the default character repertoire");
            }
        }
        var field = (DimseCommandField)UInt16(ds, DicomTags.CommandField, "Command Field");
        var hasDataSet = UInt16(ds, DicomTags.CommandDataSetType, "Command Data Set Type") != NoDataSet;
        switch (field)
        {
            case DimseCommandField.CEchoRequest:
                return new CEchoRequest(MessageId(ds), AffectedSopClass(ds));
            case DimseCommandField.CEchoResponse:
                return new CEchoResponse(
                    RespondedTo(ds),
                    Status(ds),
                    AffectedSopClass(ds));
            case DimseCommandField.CStoreRequest:
                if (!hasDataSet)
                {
                    throw Invalid("C-STORE-RQ without a data set");
                }
                return new CStoreRequest(
                    MessageId(ds),
                    AffectedSopClass(ds),
                    Uid(ds, DicomTags.AffectedSOPInstanceUID, "Affected SOP Instance UID"),
                    Priority(ds),
                    ds.GetString(DicomTags.MoveOriginatorApplicationEntityTitle),
                    ds.Contains(DicomTags.MoveOriginatorMessageID) ? UInt16(ds, DicomTags.MoveOriginatorMessageID, "Move Originator Message ID") : null);
            case DimseCommandField.CStoreResponse:
                return new CStoreResponse(
                    RespondedTo(ds),
                    ds.GetString(DicomTags.AffectedSOPClassUID) ?? "",
                    ds.GetString(DicomTags.AffectedSOPInstanceUID) ?? "",
                    Status(ds),
                    ds.GetString(DicomTags.ErrorComment));
            case DimseCommandField.CFindRequest:
                RequireIdentifier(hasDataSet, "C-FIND-RQ");
                return new CFindRequest(
                    MessageId(ds),
                    AffectedSopClass(ds),
                    Priority(ds));
            case DimseCommandField.CFindResponse:
                return new CFindResponse(
                    RespondedTo(ds),
                    ds.GetString(DicomTags.AffectedSOPClassUID),
                    Status(ds),
                    hasDataSet,
                    ds.GetString(DicomTags.ErrorComment));
            case DimseCommandField.CGetRequest:
                RequireIdentifier(hasDataSet, "C-GET-RQ");
                return new CGetRequest(
                    MessageId(ds),
                    AffectedSopClass(ds),
                    Priority(ds));
            case DimseCommandField.CGetResponse:
                var getCounts = Counts(ds);
                return new CGetResponse(
                    RespondedTo(ds), ds.GetString(DicomTags.AffectedSOPClassUID), Status(ds),
                    getCounts.Remaining, getCounts.Completed, getCounts.Failed, getCounts.Warning,
                    ds.GetString(DicomTags.ErrorComment)) { HasIdentifier = hasDataSet };
            case DimseCommandField.CMoveRequest:
                RequireIdentifier(hasDataSet, "C-MOVE-RQ");
                return new CMoveRequest(
                    MessageId(ds),
                    AffectedSopClass(ds),
                    ds.GetString(DicomTags.MoveDestination)?.Trim() is { Length: > 0 } destination ? destination : throw Invalid("Move Destination (0000,0600) missing"),
                    Priority(ds));
            case DimseCommandField.CMoveResponse:
                var moveCounts = Counts(ds);
                return new CMoveResponse(
                    RespondedTo(ds), ds.GetString(DicomTags.AffectedSOPClassUID), Status(ds),
                    moveCounts.Remaining, moveCounts.Completed, moveCounts.Failed, moveCounts.Warning,
                    ds.GetString(DicomTags.ErrorComment)) { HasIdentifier = hasDataSet };
            case DimseCommandField.NActionRequest or DimseCommandField.NActionResponse
                or DimseCommandField.NEventReportRequest or DimseCommandField.NEventReportResponse:
                return DecodeNormalized(ds, field, hasDataSet);
            case DimseCommandField.CCancelRequest:
                return new CCancelRequest(RespondedTo(ds));
            default:
                if (!Enum.IsDefined(field))
                {
                    throw Invalid($"unknown command field 0x{(ushort)field:X4}");
                }
                if (((ushort)field & 0x8000) != 0)
                {
                    // A response this library has no record for yet (C-FIND-RSP, ...): its status is what matters.
                    return hasDataSet
                        ? throw Invalid($"{field} with a data set is not handled yet")
                        : new DimseStatusResponse(
                            field,
                            RespondedTo(ds),
                            ds.GetString(DicomTags.AffectedSOPClassUID),
                            Status(ds));
                }
                return new UnsupportedDimseRequest(field, MessageId(ds), ds.GetString(DicomTags.AffectedSOPClassUID), hasDataSet);
        }
    }

    private static void SetCount(DicomDataset ds, DicomTag tag, ushort? count)
    {
        if (count is { } n)
        {
            ds.SetValues(tag, DicomVR.US, n);
        }
    }

    private static ushort MessageId(DicomDataset ds) => UInt16(ds, DicomTags.MessageID, "Message ID");

    private static ushort RespondedTo(DicomDataset ds) => UInt16(ds, DicomTags.MessageIDBeingRespondedTo, "Message ID Being Responded To");

    private static ushort Status(DicomDataset ds) => UInt16(ds, DicomTags.Status, "Status");

    private static string AffectedSopClass(DicomDataset ds) => Uid(ds, DicomTags.AffectedSOPClassUID, "Affected SOP Class UID");

    /// <summary>PS3.7 9.3: LOW (0002H), MEDIUM (0000H) or HIGH (0001H); anything else is a malformed request.</summary>
    private static DimsePriority Priority(DicomDataset ds)
    {
        var priority = UInt16(ds, DicomTags.Priority, "Priority");
        return priority <= 2 ? (DimsePriority)priority : throw Invalid($"priority {priority}");
    }

    /// <summary>PS3.7 9.3.2.1, 9.3.3.1, 9.3.4.1: C-FIND, C-GET and C-MOVE requests always carry an identifier.</summary>
    private static void RequireIdentifier(bool hasDataSet, string request)
    {
        if (!hasDataSet)
        {
            throw Invalid($"{request} without an identifier");
        }
    }

    /// <summary>PS3.7 C.4.2/C.4.3: the sub-operation counts of a C-GET or C-MOVE response, each optional.</summary>
    private static (ushort? Remaining, ushort? Completed, ushort? Failed, ushort? Warning) Counts(DicomDataset ds) => (
        Count(ds, DicomTags.NumberOfRemainingSuboperations),
        Count(ds, DicomTags.NumberOfCompletedSuboperations),
        Count(ds, DicomTags.NumberOfFailedSuboperations),
        Count(ds, DicomTags.NumberOfWarningSuboperations));

    private static ushort? Count(DicomDataset ds, DicomTag tag) => ds.Contains(tag) ? UInt16(ds, tag, tag.ToString()) : null;

    private static ushort UInt16(DicomDataset ds, DicomTag tag, string name)
    {
        var values = ds.GetValues<ushort>(tag);
        return values.Length == 1 && ds[tag]!.VR == DicomVR.US ? values[0] : throw Invalid($"{name} {tag} missing or not a single US value");
    }

    private static string Uid(DicomDataset ds, DicomTag tag, string name)
    {
        var uid = ds.GetString(tag);
        return string.IsNullOrEmpty(uid) ? throw Invalid($"{name} {tag} missing") : uid;
    }

    private static DicomNetworkProtocolException Invalid(string why) => new(AbortReason.NotSpecified, $"invalid DIMSE command set: {why}");
}
