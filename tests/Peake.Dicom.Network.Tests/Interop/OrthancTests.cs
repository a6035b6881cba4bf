namespace Peake.Dicom.Network.Tests.Interop;

/// <summary>Our client against Orthanc (the Debian package), started privately on loopback.</summary>
[Trait("Category", "Interop")]
public sealed class OrthancTests(OrthancArchive archive) : InteropTests<OrthancArchive>(archive), IClassFixture<OrthancArchive>;
