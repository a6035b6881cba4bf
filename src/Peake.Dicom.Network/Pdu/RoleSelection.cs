namespace Peake.Dicom.Network.Pdu;

/// <summary>SCP/SCU role selection sub-item (PS3.7 D.3.3.4), one per SOP class.</summary>
public sealed record RoleSelection(string SopClassUid, bool ScuRole, bool ScpRole);
