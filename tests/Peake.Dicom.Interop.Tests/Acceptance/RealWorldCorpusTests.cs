namespace Peake.Dicom.Interop.Tests.Acceptance;

/// <summary>The real-world corpus must be there, and be what the acceptance tests claim to run over.</summary>
[Trait("Category", "Interop")]
public sealed class RealWorldCorpusTests
{
    [Fact]
    public void RealWorldCorpus_Should_BeInstalled()
    {
        Assert.True(RealWorldCorpus.DirectoryOrNull is not null, RealWorldCorpus.MissingMessage);
    }

    [Fact]
    public void RealWorldCorpus_Should_HoldFilesOfManyKinds()
    {
        var files = AcceptanceFiles.All.Where(f => f.IsRealWorld).ToList();
        Assert.True(files.Count >= 90, $"only {files.Count} files in {RealWorldCorpus.Directory}");
        var syntaxes = files.Select(f => f.Syntax).ToHashSet();
        Assert.Superset(Enum.GetValues<ReferenceSyntax>().ToHashSet(), syntaxes); // every kind, damaged files included
        Assert.Contains(files, f => f.Name.EndsWith("/DICOMDIR", StringComparison.Ordinal));
    }
}
