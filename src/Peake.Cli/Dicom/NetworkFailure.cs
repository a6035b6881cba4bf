using System.Net.Sockets;
using Peake.Dicom.Network;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Pdu;

namespace Peake.Cli.Dicom;

/// <summary>One line saying why a network exchange failed, for the exceptions a peer or the network can cause.</summary>
internal static class NetworkFailure
{
    /// <summary>The reason, or null when the exception is not a network failure (a bug, left to the command table).</summary>
    public static string? Describe(Exception e, NetworkPeer peer) => e switch
    {
        SocketException s => $"cannot connect to {peer.Host}:{peer.Port}: {s.Message}",
        DicomAssociationRejectedException r => $"{peer} rejected the association: {Describe(r.Reject)}",
        DicomAssociationAbortedException a => $"{peer} ended the association: {a.Message}{(a.Abort is { } pdu ? $" (A-ABORT source {pdu.Source}, reason {pdu.Reason})" : "")}",
        DicomNetworkProtocolException p => $"protocol error with {peer}: {p.Message}",
        OperationCanceledException or TimeoutException => $"no answer from {peer} in time",
        // TLS: the peer's certificate was refused (untrusted, wrong name, revoked) or it refused ours.
        System.Security.Authentication.AuthenticationException tls => $"TLS handshake with {peer} failed: {tls.Message}",
        IOException io => $"connection to {peer} failed: {io.Message}",
        _ => null,
    };

    /// <summary>PS3.8 Table 9-21: the reason is read against the source.</summary>
    private static string Describe(AssociateRejectPdu reject)
    {
        var why = (reject.Source, reject.Reason) switch
        {
            (AssociateRejectSource.ServiceUser, 1) => "no reason given",
            (AssociateRejectSource.ServiceUser, 2) => "application context name not supported",
            (AssociateRejectSource.ServiceUser, 3) => "calling AE title not recognized",
            (AssociateRejectSource.ServiceUser, 7) => "called AE title not recognized",
            (AssociateRejectSource.ServiceProviderAcse, 1) => "no reason given",
            (AssociateRejectSource.ServiceProviderAcse, 2) => "protocol version not supported",
            (AssociateRejectSource.ServiceProviderPresentation, 1) => "temporary congestion",
            (AssociateRejectSource.ServiceProviderPresentation, 2) => "local limit exceeded",
            _ => $"reason {reject.Reason}",
        };
        return $"{why} ({reject.Result}, source {reject.Source})";
    }
}
