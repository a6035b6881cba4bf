namespace Peake.Dicom.Interop.Tests.Infrastructure;

/// <summary>Test classes marked [Collection(CorpusCollection.Name)] share the one generated corpus.</summary>
[CollectionDefinition(Name)]
public sealed class CorpusCollection : ICollectionFixture<CorpusFixture>
{
    public const string Name = "dcmtk corpus";
}
