namespace Peake.Dicom.Network.Association;

/// <summary>The thirteen states of the DICOM upper layer protocol machine (PS3.8 Table 9-9).</summary>
public enum UpperLayerState
{
    /// <summary>Sta1: idle.</summary>
    Sta1Idle = 1,

    /// <summary>Sta2: transport connection open, awaiting A-ASSOCIATE-RQ PDU.</summary>
    Sta2AwaitingAssociateRequest = 2,

    /// <summary>Sta3: awaiting local A-ASSOCIATE response primitive.</summary>
    Sta3AwaitingLocalAssociateResponse = 3,

    /// <summary>Sta4: awaiting transport connection opening to complete.</summary>
    Sta4AwaitingTransportOpen = 4,

    /// <summary>Sta5: awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU.</summary>
    Sta5AwaitingAssociateResponse = 5,

    /// <summary>Sta6: association established and ready for data transfer.</summary>
    Sta6Established = 6,

    /// <summary>Sta7: awaiting A-RELEASE-RP PDU.</summary>
    Sta7AwaitingReleaseResponse = 7,

    /// <summary>Sta8: awaiting local A-RELEASE response primitive.</summary>
    Sta8AwaitingLocalReleaseResponse = 8,

    /// <summary>Sta9: release collision requestor side, awaiting A-RELEASE response primitive.</summary>
    Sta9CollisionRequestorAwaitingLocalResponse = 9,

    /// <summary>Sta10: release collision acceptor side, awaiting A-RELEASE-RP PDU.</summary>
    Sta10CollisionAcceptorAwaitingReleaseResponse = 10,

    /// <summary>Sta11: release collision requestor side, awaiting A-RELEASE-RP PDU.</summary>
    Sta11CollisionRequestorAwaitingReleaseResponse = 11,

    /// <summary>Sta12: release collision acceptor side, awaiting A-RELEASE response primitive.</summary>
    Sta12CollisionAcceptorAwaitingLocalResponse = 12,

    /// <summary>Sta13: awaiting transport connection close indication (the association no longer exists).</summary>
    Sta13AwaitingTransportClose = 13,
}
