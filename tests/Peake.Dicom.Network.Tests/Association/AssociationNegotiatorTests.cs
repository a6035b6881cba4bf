using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Tests.Association;

public sealed class AssociationNegotiatorTests
{
    private const string Echo = "1.2.840.10008.1.1";
    private const string CtImage = "1.2.840.10008.5.1.4.1.1.2";
    private const string ImplicitLe = "1.2.840.10008.1.2";
    private const string ExplicitLe = "1.2.840.10008.1.2.1";
    private const string JpegBaseline = "1.2.840.10008.1.2.4.50";

    private static readonly AcceptorOptions Options = new()
    {
        AeTitle = "PEAKE",
        Syntaxes = new Dictionary<string, IReadOnlyList<string>>
        {
            [Echo] = [ImplicitLe],
            [CtImage] = [ExplicitLe, ImplicitLe],
        },
        IsCallingAeTitleKnown = ae => ae is "MODALITY" or "WORKSTATION",
        MaxReceivePduLength = 65536,
        MaxSendPduLength = 131072,
    };

    [Fact]
    public void An_unknown_calling_AE_is_rejected_permanently_with_reason_calling_AE_not_recognized()
    {
        var result = AssociationNegotiator.Negotiate(Request(calling: "STRANGER"), Options);

        Assert.Null(result.Accept);
        Assert.Equal(new AssociateRejectPdu(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, 3), result.Reject);
        Assert.True(result.ServiceProviderAcceptable);
    }

    [Fact]
    public void A_wrong_called_AE_is_rejected_with_reason_7_unless_any_called_AE_is_accepted()
    {
        Assert.Equal(7, AssociationNegotiator.Negotiate(Request(called: "OTHER"), Options).Reject!.Reason);
        Assert.NotNull(AssociationNegotiator.Negotiate(Request(called: "OTHER"), Options with { AcceptAnyCalledAeTitle = true }).Accept);
    }

    [Fact]
    public void An_unsupported_protocol_version_is_refused_by_the_service_provider()
    {
        var result = AssociationNegotiator.Negotiate(Request() with { ProtocolVersion = 2 }, Options);

        Assert.False(result.ServiceProviderAcceptable);
        Assert.Equal(AssociateRejectSource.ServiceProviderAcse, result.Reject!.Source);
        Assert.Equal(AssociateRejectReason.ProtocolVersionNotSupported, result.Reject.Reason);
    }

    [Fact]
    public void By_default_each_context_gets_the_requestors_first_supported_syntax()
    {
        var rq = Request(contexts: [new PresentationContextRequest(1, CtImage, [JpegBaseline, ImplicitLe, ExplicitLe])]);

        var result = AssociationNegotiator.Negotiate(rq, Options with { SyntaxPreference = SyntaxPreference.Requestor });

        Assert.Equal(ImplicitLe, result.Accept!.PresentationContexts[0].TransferSyntax);
    }

    [Fact]
    public void With_acceptor_preference_each_context_gets_this_sides_most_preferred_proposed_syntax_or_the_reason_it_was_refused()
    {
        var rq = Request(contexts:
        [
            new PresentationContextRequest(1, CtImage, [ImplicitLe, ExplicitLe]),
            new PresentationContextRequest(3, CtImage, [JpegBaseline]),
            new PresentationContextRequest(5, "1.2.3.4", [ImplicitLe]),
            new PresentationContextRequest(7, Echo, [ExplicitLe, ImplicitLe]),
        ]);

        var result = AssociationNegotiator.Negotiate(rq, Options with { SyntaxPreference = SyntaxPreference.Acceptor });

        var pcs = result.Accept!.PresentationContexts;
        Assert.Equal(new PresentationContextAccept(1, PresentationContextResult.Acceptance, ExplicitLe), pcs[0]);
        Assert.Equal(PresentationContextResult.TransferSyntaxesNotSupported, pcs[1].Result);
        Assert.Equal(PresentationContextResult.AbstractSyntaxNotSupported, pcs[2].Result);
        Assert.Equal(new PresentationContextAccept(7, PresentationContextResult.Acceptance, ImplicitLe), pcs[3]);
        Assert.Equal(new byte[] { 1, 7 }, result.Association!.Contexts.Keys.Order().ToArray());
        Assert.Equal(ExplicitLe, result.Association.Contexts[1].TransferSyntax);
    }

    [Theory]
    [InlineData(0u, 131072u)]
    [InlineData(16384u, 16384u)]
    [InlineData(1u << 30, 131072u)]
    public void The_send_limit_is_the_peers_maximum_capped_by_ours_and_zero_means_our_cap(uint peerMax, uint expected)
    {
        var result = AssociationNegotiator.Negotiate(Request(maxPdu: peerMax), Options);

        Assert.Equal(expected, result.Association!.MaxSendPduLength);
        Assert.Equal(65536u, result.Accept!.UserInformation.MaxPduLength);
    }

    [Fact]
    public void A_peer_maximum_too_small_for_a_fragment_is_rejected()
    {
        Assert.NotNull(AssociationNegotiator.Negotiate(Request(maxPdu: 7), Options).Reject);
    }

    [Fact]
    public void The_async_window_is_answered_with_one_only_when_proposed()
    {
        var asked = Request() with { UserInformation = new UserInformation(16384, AsyncOperationsWindow: new AsyncOperationsWindow(10, 10)) };

        Assert.Equal(new AsyncOperationsWindow(1, 1), AssociationNegotiator.Negotiate(asked, Options).Accept!.UserInformation.AsyncOperationsWindow);
        Assert.Null(AssociationNegotiator.Negotiate(Request(), Options).Accept!.UserInformation.AsyncOperationsWindow);
    }

    [Fact]
    public void A_requestor_SCP_role_is_granted_only_for_configured_SOP_classes()
    {
        var rq = Request() with
        {
            UserInformation = new UserInformation(16384, RoleSelections: [new RoleSelection(CtImage, true, true), new RoleSelection(Echo, true, true)]),
        };

        var roles = AssociationNegotiator.Negotiate(rq, Options with { RequestorScpRoleSopClasses = new HashSet<string> { CtImage } }).Accept!.UserInformation.RoleSelections;

        Assert.Equal([new RoleSelection(CtImage, true, true), new RoleSelection(Echo, true, false)], roles);
    }

    [Fact]
    public void The_accept_carries_our_implementation_identity_and_echoes_the_AE_titles()
    {
        var ac = AssociationNegotiator.Negotiate(Request(), Options).Accept!;

        Assert.Equal(DicomImplementation.ClassUid, ac.UserInformation.ImplementationClassUid);
        Assert.Equal("PEAKE", ac.CalledAeTitle);
        Assert.Equal("MODALITY", ac.CallingAeTitle);
        // And it encodes: the AE titles and UIDs are valid on the wire.
        Assert.IsType<AssociateAcceptPdu>(PduCodec.Decode(PduCodec.Encode(ac)));
    }

    [Fact]
    public void A_refused_user_identity_rejects_permanently_with_an_ACSE_related_source()
    {
        var rq = Request() with { UserInformation = new UserInformation(16384, UserIdentity: Password("joe", "wrong")) };

        var result = AssociationNegotiator.Negotiate(rq, Options with { AuthorizeUser = c => c.Identity is { } id && id.SecondaryField.Span.SequenceEqual("secret"u8) ? UserIdentityDecision.Accept : UserIdentityDecision.Reject });

        Assert.Equal(new AssociateRejectPdu(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceProviderAcse, 1), result.Reject);
    }

    [Fact]
    public void A_policy_can_require_an_identity_from_peers_that_send_none()
    {
        var result = AssociationNegotiator.Negotiate(Request(), Options with { AuthorizeUser = c => c.Identity is null ? UserIdentityDecision.Reject : UserIdentityDecision.Accept });

        Assert.NotNull(result.Reject);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_accepted_identity_is_answered_only_when_a_positive_response_was_requested(bool requested)
    {
        var rq = Request() with
        {
            UserInformation = new UserInformation(16384, UserIdentity: new UserIdentityRequest(UserIdentityType.JsonWebToken, requested, "jwt"u8.ToArray(), ReadOnlyMemory<byte>.Empty)),
        };

        var ac = AssociationNegotiator.Negotiate(rq, Options with { AuthorizeUser = c => new UserIdentityDecision(true, "welcome"u8.ToArray()) }).Accept!;

        Assert.Equal(requested, ac.UserInformation.UserIdentityResponse is not null);
        if (requested)
        {
            Assert.Equal("welcome"u8.ToArray(), ac.UserInformation.UserIdentityResponse!.Value.ToArray());
        }
    }

    [Fact]
    public void Without_a_hook_an_identity_is_ignored_and_not_answered()
    {
        var rq = Request() with { UserInformation = new UserInformation(16384, UserIdentity: Password("joe", "pw")) };

        var ac = AssociationNegotiator.Negotiate(rq, Options).Accept!;

        Assert.Null(ac.UserInformation.UserIdentityResponse);
    }

    private static UserIdentityRequest Password(string user, string password) =>
        new(UserIdentityType.UsernameAndPasscode, true, System.Text.Encoding.UTF8.GetBytes(user), System.Text.Encoding.UTF8.GetBytes(password));

    private static AssociateRequestPdu Request(string called = "PEAKE", string calling = "MODALITY", uint maxPdu = 16384, PresentationContextRequest[]? contexts = null) =>
        new(called, calling, contexts ?? [new PresentationContextRequest(1, Echo, [ImplicitLe])], new UserInformation(maxPdu, "1.2.3"));
}
