using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Association;

/// <summary>What the authorization hook sees: who is calling, and the identity they offered (null when none).</summary>
public sealed record UserIdentityContext(string CallingAeTitle, string CalledAeTitle, UserIdentityRequest? Identity);
