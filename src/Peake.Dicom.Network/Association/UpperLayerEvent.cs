namespace Peake.Dicom.Network.Association;

/// <summary>The nineteen events of the DICOM upper layer protocol machine (PS3.8 Table 9-10).</summary>
public enum UpperLayerEvent
{
    /// <summary>Evt1: A-ASSOCIATE request (local user).</summary>
    Evt1AssociateRequestPrimitive = 1,

    /// <summary>Evt2: transport connect confirmation (local transport service).</summary>
    Evt2TransportConnectConfirmation = 2,

    /// <summary>Evt3: A-ASSOCIATE-AC PDU received.</summary>
    Evt3AssociateAcceptPdu = 3,

    /// <summary>Evt4: A-ASSOCIATE-RJ PDU received.</summary>
    Evt4AssociateRejectPdu = 4,

    /// <summary>Evt5: transport connection indication (local transport service).</summary>
    Evt5TransportConnectionIndication = 5,

    /// <summary>Evt6: A-ASSOCIATE-RQ PDU received.</summary>
    Evt6AssociateRequestPdu = 6,

    /// <summary>Evt7: A-ASSOCIATE response primitive (accept).</summary>
    Evt7AssociateAcceptPrimitive = 7,

    /// <summary>Evt8: A-ASSOCIATE response primitive (reject).</summary>
    Evt8AssociateRejectPrimitive = 8,

    /// <summary>Evt9: P-DATA request primitive.</summary>
    Evt9DataRequestPrimitive = 9,

    /// <summary>Evt10: P-DATA-TF PDU received.</summary>
    Evt10DataPdu = 10,

    /// <summary>Evt11: A-RELEASE request primitive.</summary>
    Evt11ReleaseRequestPrimitive = 11,

    /// <summary>Evt12: A-RELEASE-RQ PDU received.</summary>
    Evt12ReleaseRequestPdu = 12,

    /// <summary>Evt13: A-RELEASE-RP PDU received.</summary>
    Evt13ReleaseResponsePdu = 13,

    /// <summary>Evt14: A-RELEASE response primitive.</summary>
    Evt14ReleaseResponsePrimitive = 14,

    /// <summary>Evt15: A-ABORT request primitive.</summary>
    Evt15AbortRequestPrimitive = 15,

    /// <summary>Evt16: A-ABORT PDU received.</summary>
    Evt16AbortPdu = 16,

    /// <summary>Evt17: transport connection closed indication.</summary>
    Evt17TransportClosed = 17,

    /// <summary>Evt18: ARTIM timer expired (association reject/release timer).</summary>
    Evt18ArtimExpired = 18,

    /// <summary>Evt19: unrecognized or invalid PDU received.</summary>
    Evt19InvalidPdu = 19,
}
