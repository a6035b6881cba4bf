namespace Peake.Dicom.Network.Tests.Interop;

/// <summary>Our client against dcmtk's dcmqrscp, started privately on loopback.</summary>
[Trait("Category", "Interop")]
public sealed class DcmqrscpTests(DcmqrscpArchive archive) : InteropTests<DcmqrscpArchive>(archive), IClassFixture<DcmqrscpArchive>;
