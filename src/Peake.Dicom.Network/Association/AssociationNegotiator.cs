using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Association;

/// <summary>
/// Decides an A-ASSOCIATE-RQ for an acceptor. Order of checks: protocol version (PS3.8 9.3.2: bit 0 set) and
/// application context are the upper layer's; then the AE title policy; the user identity hook; then each presentation context is accepted
/// with the first syntax both support, in the order <see cref="AcceptorOptions.SyntaxPreference"/> names (PS3.8 9.3.3.2).
/// An association whose contexts are all refused is still accepted: the requestor learns why per context.
/// </summary>
public static class AssociationNegotiator
{
    public static NegotiationResult Negotiate(AssociateRequestPdu rq, AcceptorOptions options)
    {
        ArgumentNullException.ThrowIfNull(rq);
        ArgumentNullException.ThrowIfNull(options);
        if ((rq.ProtocolVersion & 1) == 0)
        {
            return NegotiationResult.Rejected(
                new AssociateRejectPdu(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceProviderAcse, AssociateRejectReason.ProtocolVersionNotSupported),
                serviceProviderAcceptable: false);
        }
        if (rq.ApplicationContextName != ApplicationContext.DicomApplicationContextName)
        {
            return NegotiationResult.Rejected(
                new AssociateRejectPdu(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.ApplicationContextNameNotSupported));
        }
        if (!options.AcceptAnyCalledAeTitle && !string.Equals(rq.CalledAeTitle, options.AeTitle.Trim(' '), StringComparison.Ordinal))
        {
            return NegotiationResult.Rejected(AssociateRejectPdu.CalledAeTitleNotRecognized);
        }
        if (!options.IsCallingAeTitleKnown(rq.CallingAeTitle))
        {
            return NegotiationResult.Rejected(AssociateRejectPdu.CallingAeTitleNotRecognized);
        }
        ReadOnlyMemory<byte>? identityResponse = null;
        if (options.AuthorizeUser is { } authorize)
        {
            var identity = rq.UserInformation.UserIdentity;
            var decision = authorize(new UserIdentityContext(rq.CallingAeTitle, rq.CalledAeTitle, identity));
            if (!decision.Accepted)
            {
                // PS3.7 D.3.3.7: an identity that is not accepted rejects the association, ACSE-related source.
                return NegotiationResult.Rejected(
                    new AssociateRejectPdu(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceProviderAcse, AssociateRejectReason.NoReasonGiven));
            }
            if (identity is { PositiveResponseRequested: true })
            {
                identityResponse = decision.ServerResponse;
            }
        }
        var peerMax = rq.UserInformation.MaxPduLength;
        if (peerMax is > 0 and < AcceptorOptions.MinimumPeerMaxPduLength)
        {
            return NegotiationResult.Rejected(
                new AssociateRejectPdu(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.NoReasonGiven));
        }

        var results = new List<PresentationContextAccept>(rq.PresentationContexts.Count);
        var accepted = new Dictionary<byte, AcceptedPresentationContext>();
        foreach (var pc in rq.PresentationContexts)
        {
            var (result, syntax) = Choose(pc, options);
            results.Add(new PresentationContextAccept(pc.Id, result, syntax));
            if (result == PresentationContextResult.Acceptance)
            {
                accepted[pc.Id] = new AcceptedPresentationContext(pc.Id, pc.AbstractSyntax, syntax);
            }
        }

        var extended = QueryExtendedNegotiation.Answer(rq.UserInformation, accepted.Values.Select(c => c.AbstractSyntax).ToHashSet(StringComparer.Ordinal).Contains);
        var userInformation = new UserInformation(
            options.MaxReceivePduLength,
            options.ImplementationClassUid,
            options.ImplementationVersionName,
            // PS3.7 D.3.3.3: answer only when asked; one operation at a time each way.
            rq.UserInformation.AsyncOperationsWindow is null ? null : new AsyncOperationsWindow(1, 1),
            rq.UserInformation.RoleSelections
                .Select(r => new RoleSelection(r.SopClassUid, r.ScuRole, r.ScpRole && options.RequestorScpRoleSopClasses.Contains(r.SopClassUid)))
                .ToList(),
            UserIdentityResponse: identityResponse,
            Other: extended.Replies);
        var accept = new AssociateAcceptPdu(rq.CalledAeTitle, rq.CallingAeTitle, results, userInformation);
        var association = new NegotiatedAssociation(
            rq.CalledAeTitle,
            rq.CallingAeTitle,
            accepted,
            peerMax == 0 ? options.MaxSendPduLength : Math.Min(peerMax, options.MaxSendPduLength),
            options.MaxReceivePduLength,
            rq.UserInformation)
        {
            CombinedDateTimeSopClasses = extended.CombinedDateTime,
        };
        return NegotiationResult.Accepted(accept, association);
    }

    private static (PresentationContextResult Result, string TransferSyntax) Choose(PresentationContextRequest pc, AcceptorOptions options)
    {
        // PS3.8 9.3.3.2: the transfer syntax of a refused context is not significant; echo the first proposed.
        var fallback = pc.TransferSyntaxes.Count > 0 ? pc.TransferSyntaxes[0] : DicomTransferSyntax.ImplicitVRLittleEndian.Uid;
        if (!options.Syntaxes.TryGetValue(pc.AbstractSyntax, out var preferred))
        {
            return (PresentationContextResult.AbstractSyntaxNotSupported, fallback);
        }
        var (order, other) = options.SyntaxPreference == SyntaxPreference.Requestor ? (pc.TransferSyntaxes, preferred) : (preferred, pc.TransferSyntaxes);
        foreach (var syntax in order)
        {
            if (other.Contains(syntax))
            {
                return (PresentationContextResult.Acceptance, syntax);
            }
        }
        return (PresentationContextResult.TransferSyntaxesNotSupported, fallback);
    }
}
