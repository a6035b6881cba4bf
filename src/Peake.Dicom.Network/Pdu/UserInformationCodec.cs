using System.Text;

namespace Peake.Dicom.Network.Pdu;

/// <summary>
/// The user information item (0x50) and its sub-items (PS3.7 Annex D.3.3, PS3.8 Annex D.1). Sub-items are written in
/// the order of PS3.7 D.3.3: max length, implementation class UID, asynchronous window, role selections,
/// implementation version name, unknown ones as received, user identity. Unknown sub-items are kept raw and ignored.
/// </summary>
internal static class UserInformationCodec
{
    public const int MaxVersionNameLength = 16;

    public static void Write(PduBuilder b, UserInformation ui)
    {
        b.Byte(ItemType.UserInformation);
        b.Byte(0);
        var start = b.BeginUInt16Length();

        b.Byte(ItemType.MaxLength);
        b.Byte(0);
        b.UInt16(4);
        b.UInt32(ui.MaxPduLength);
        if (ui.ImplementationClassUid is { } classUid)
        {
            b.AsciiItem(ItemType.ImplementationClassUid, classUid);
        }
        if (ui.AsyncOperationsWindow is { } window)
        {
            b.Byte(ItemType.AsyncOperationsWindow);
            b.Byte(0);
            b.UInt16(4);
            b.UInt16(window.MaxOperationsInvoked);
            b.UInt16(window.MaxOperationsPerformed);
        }
        foreach (var role in ui.RoleSelections)
        {
            b.Byte(ItemType.RoleSelection);
            b.Byte(0);
            var roleStart = b.BeginUInt16Length();
            var uidStart = b.BeginUInt16Length();
            b.Ascii(role.SopClassUid);
            b.EndUInt16Length(uidStart);
            b.Byte(role.ScuRole ? (byte)1 : (byte)0);
            b.Byte(role.ScpRole ? (byte)1 : (byte)0);
            b.EndUInt16Length(roleStart);
        }
        if (ui.ImplementationVersionName is { } versionName)
        {
            b.AsciiItem(ItemType.ImplementationVersionName, versionName);
        }
        foreach (var raw in ui.Other)
        {
            b.Byte(raw.ItemType);
            b.Byte(0);
            var rawStart = b.BeginUInt16Length();
            b.Bytes(raw.Value.Span);
            b.EndUInt16Length(rawStart);
        }
        if (ui.UserIdentity is { } identity)
        {
            b.Byte(ItemType.UserIdentityRequest);
            b.Byte(0);
            var idStart = b.BeginUInt16Length();
            b.Byte((byte)identity.IdentityType);
            b.Byte(identity.PositiveResponseRequested ? (byte)1 : (byte)0);
            var primary = b.BeginUInt16Length();
            b.Bytes(identity.PrimaryField.Span);
            b.EndUInt16Length(primary);
            var secondary = b.BeginUInt16Length();
            b.Bytes(identity.SecondaryField.Span);
            b.EndUInt16Length(secondary);
            b.EndUInt16Length(idStart);
        }
        if (ui.UserIdentityResponse is { } response)
        {
            b.Byte(ItemType.UserIdentityAccept);
            b.Byte(0);
            var acStart = b.BeginUInt16Length();
            var responseStart = b.BeginUInt16Length();
            b.Bytes(response.Span);
            b.EndUInt16Length(responseStart);
            b.EndUInt16Length(acStart);
        }
        b.EndUInt16Length(start);
    }

    public static UserInformation Read(ReadOnlySpan<byte> value)
    {
        var r = new PduSpanReader(value);
        uint? maxLength = null;
        string? classUid = null;
        string? versionName = null;
        AsyncOperationsWindow? window = null;
        UserIdentityRequest? identity = null;
        ReadOnlyMemory<byte>? identityResponse = null;
        var roles = new List<RoleSelection>();
        var other = new List<RawSubItem>();
        while (r.Remaining > 0)
        {
            var type = AssociatePduCodec.ReadItem(ref r, "user information sub-item", out var item);
            switch (type)
            {
                case ItemType.MaxLength:
                    maxLength = Once(maxLength, ReadUInt32(item, "maximum length"), "maximum length");
                    break;
                case ItemType.ImplementationClassUid:
                    classUid = OnceRef(classUid, PduSpanReader.Uid(item, "implementation class UID"), "implementation class UID");
                    break;
                case ItemType.AsyncOperationsWindow:
                    window = OnceRef(window, ReadWindow(item), "asynchronous operations window");
                    break;
                case ItemType.RoleSelection:
                    roles.Add(ReadRole(item));
                    break;
                case ItemType.ImplementationVersionName:
                    versionName = OnceRef(versionName, ReadVersionName(item), "implementation version name");
                    break;
                case ItemType.UserIdentityRequest:
                    identity = OnceRef(identity, ReadIdentity(item), "user identity");
                    break;
                case ItemType.UserIdentityAccept:
                    identityResponse = Once(identityResponse, ReadIdentityResponse(item), "user identity response");
                    break;
                default:
                    // PS3.7 D.3.3: sub-items not understood are ignored; kept so a proxy could pass them on.
                    other.Add(new RawSubItem(type, item.ToArray()));
                    break;
            }
        }
        return new UserInformation(maxLength ?? 0, classUid, versionName, window, roles, identity, identityResponse, other);
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> item, string what)
    {
        var r = new PduSpanReader(item);
        var value = r.UInt32(what);
        ExpectEnd(r, what);
        return value;
    }

    private static AsyncOperationsWindow ReadWindow(ReadOnlySpan<byte> item)
    {
        var r = new PduSpanReader(item);
        var window = new AsyncOperationsWindow(r.UInt16("max operations invoked"), r.UInt16("max operations performed"));
        ExpectEnd(r, "asynchronous operations window");
        return window;
    }

    private static RoleSelection ReadRole(ReadOnlySpan<byte> item)
    {
        var r = new PduSpanReader(item);
        var uidLength = r.UInt16("role selection UID length");
        var uid = PduSpanReader.Uid(r.Take(uidLength, "role selection SOP class UID"), "role selection SOP class UID");
        var scu = r.Byte("SCU role");
        var scp = r.Byte("SCP role");
        ExpectEnd(r, "role selection");
        if (scu > 1 || scp > 1)
        {
            throw new DicomNetworkProtocolException(AbortReason.InvalidPduParameterValue, $"role selection for {uid}: SCU {scu}, SCP {scp}");
        }
        return new RoleSelection(uid, scu == 1, scp == 1);
    }

    private static string ReadVersionName(ReadOnlySpan<byte> item)
    {
        // PS3.7 D.3.3.2.3: 1 to 16 characters of the default repertoire.
        if (item.Length is 0 or > MaxVersionNameLength || item.ContainsAnyExceptInRange((byte)' ', (byte)'~'))
        {
            throw new DicomNetworkProtocolException(AbortReason.InvalidPduParameterValue, $"implementation version name of {item.Length} bytes");
        }
        return Encoding.ASCII.GetString(item).TrimEnd(' ');
    }

    private static UserIdentityRequest ReadIdentity(ReadOnlySpan<byte> item)
    {
        var r = new PduSpanReader(item);
        var type = (UserIdentityType)r.Byte("user identity type");
        var positive = r.Byte("positive response requested");
        var primary = r.Take(r.UInt16("primary field length"), "primary field").ToArray();
        var secondary = r.Take(r.UInt16("secondary field length"), "secondary field").ToArray();
        ExpectEnd(r, "user identity");
        if (!Enum.IsDefined(type) || positive > 1)
        {
            throw new DicomNetworkProtocolException(AbortReason.InvalidPduParameterValue, $"user identity type {(byte)type}, positive response {positive}");
        }
        return new UserIdentityRequest(type, positive == 1, primary, secondary);
    }

    private static ReadOnlyMemory<byte> ReadIdentityResponse(ReadOnlySpan<byte> item)
    {
        var r = new PduSpanReader(item);
        var response = r.Take(r.UInt16("server response length"), "server response").ToArray();
        ExpectEnd(r, "user identity response");
        return response;
    }

    private static void ExpectEnd(PduSpanReader r, string what)
    {
        if (r.Remaining != 0)
        {
            throw new DicomNetworkProtocolException(AbortReason.InvalidPduParameterValue, $"{what}: {r.Remaining} unexpected bytes");
        }
    }

    private static T? Once<T>(T? existing, T value, string what)
        where T : struct =>
        existing is null ? value : throw new DicomNetworkProtocolException(AbortReason.UnexpectedPduParameter, $"more than one {what} sub-item");

    private static T OnceRef<T>(T? existing, T value, string what)
        where T : class =>
        existing is null ? value : throw new DicomNetworkProtocolException(AbortReason.UnexpectedPduParameter, $"more than one {what} sub-item");
}
