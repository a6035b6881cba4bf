using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Association;

/// <summary>
/// What an association acceptor agrees to (PS3.8 7.1, PS3.7 D.3.3). <see cref="Syntaxes"/> maps each abstract syntax
/// served to the transfer syntaxes supported for it, in this side's order of preference. The AE title hooks are the policy: an
/// unrecognized calling AE is rejected permanently with PS3.8 Table 9-21 reason 3, a wrong called AE with reason 7.
/// </summary>
public sealed record AcceptorOptions
{
    /// <summary>PS3.8 D.1: peers announcing less than this cannot be sent a meaningful fragment; such requests are rejected.</summary>
    public const uint MinimumPeerMaxPduLength = 128;

    public required string AeTitle { get; init; }

    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Syntaxes { get; init; }

    /// <summary>Whose order picks among the syntaxes both sides support (PS3.8 9.3.3.2 leaves it to the acceptor).</summary>
    public SyntaxPreference SyntaxPreference { get; init; } = SyntaxPreference.Requestor;

    /// <summary>Accept any called AE title (some modalities are configured with a wrong one); false rejects with reason 7.</summary>
    public bool AcceptAnyCalledAeTitle { get; init; }

    /// <summary>Policy hook for the calling AE title (trimmed). Default: every calling AE is recognized.</summary>
    public Func<string, bool> IsCallingAeTitleKnown { get; init; } = _ => true;

    /// <summary>
    /// Authorization hook for user identity negotiation (PS3.7 D.3.3.7), called for every request, with or without an
    /// identity, so a policy can require one. Null: the sub-item is ignored and never answered, as by an acceptor that
    /// does not support it.
    /// </summary>
    public Func<UserIdentityContext, UserIdentityDecision>? AuthorizeUser { get; init; }

    /// <summary>The max PDU length advertised, and enforced on every received P-DATA-TF.</summary>
    public uint MaxReceivePduLength { get; init; } = PduReadLimits.DefaultMaxDataTransferLength;

    /// <summary>The largest P-DATA-TF sent, whatever the peer allows (a peer announcing 0, "no limit", gets this).</summary>
    public uint MaxSendPduLength { get; init; } = PduReadLimits.DefaultMaxDataTransferLength;

    /// <summary>SOP classes for which a requestor may take the SCP role (C-GET sub-operations, PS3.7 D.3.3.4).</summary>
    public IReadOnlySet<string> RequestorScpRoleSopClasses { get; init; } = new HashSet<string>();

    public string ImplementationClassUid { get; init; } = DicomImplementation.ClassUid;

    public string ImplementationVersionName { get; init; } = DicomImplementation.VersionName;
}
