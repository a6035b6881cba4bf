namespace Peake.Dicom.Network.Pdu;

/// <summary>
/// User information item (PS3.8 9.3.2.3, PS3.7 Annex D.3.3). <see cref="MaxPduLength"/> is the largest P-DATA-TF
/// variable field the sender can receive; 0 means no limit (PS3.8 D.1.1). Sub-items this library does not know are
/// kept raw in <see cref="Other"/> and otherwise ignored (PS3.7 D.3.3). <see cref="UserIdentityResponse"/> is only
/// meaningful in an A-ASSOCIATE-AC, <see cref="UserIdentity"/> only in an A-ASSOCIATE-RQ.
/// </summary>
public sealed record UserInformation(
    uint MaxPduLength,
    string? ImplementationClassUid = null,
    string? ImplementationVersionName = null,
    AsyncOperationsWindow? AsyncOperationsWindow = null,
    IReadOnlyList<RoleSelection>? RoleSelections = null,
    UserIdentityRequest? UserIdentity = null,
    ReadOnlyMemory<byte>? UserIdentityResponse = null,
    IReadOnlyList<RawSubItem>? Other = null)
{
    public IReadOnlyList<RoleSelection> RoleSelections { get; init; } = RoleSelections ?? [];

    public IReadOnlyList<RawSubItem> Other { get; init; } = Other ?? [];
}
