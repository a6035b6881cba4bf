namespace Peake.Dicom.Interop.Tests.Acceptance;

/// <summary>A transfer syntax `peake dicom transcode` writes, with the names and options each tool knows it by.</summary>
/// <param name="Name">What `peake dicom transcode --ts` takes ("implicit").</param>
/// <param name="Uid">PS3.6 Table A-1 UID.</param>
/// <param name="DcmconvOption">dcmconv's output syntax option (+ti, +te, +td).</param>
public sealed record WritableSyntax(string Name, string Uid, string DcmconvOption, ReferenceSyntax Reference)
{
    public static readonly WritableSyntax Implicit = new("implicit", "1.2.840.10008.1.2", "+ti", ReferenceSyntax.ImplicitLittleEndian);
    public static readonly WritableSyntax Explicit = new("explicit", "1.2.840.10008.1.2.1", "+te", ReferenceSyntax.ExplicitLittleEndian);
    public static readonly WritableSyntax Deflated = new("deflated", "1.2.840.10008.1.2.1.99", "+td", ReferenceSyntax.DeflatedExplicitLittleEndian);

    public static IReadOnlyList<WritableSyntax> All { get; } = [Implicit, Explicit, Deflated];

    public static IEnumerable<string> Names => All.Select(s => s.Name);

    public static WritableSyntax Parse(string name) => All.Single(s => s.Name == name);

    /// <summary>The writable syntax a file is in, or null (big endian, encapsulated, unreadable).</summary>
    public static WritableSyntax? Of(AcceptanceFile file) => All.SingleOrDefault(s => s.Reference == file.Syntax);

    public override string ToString() => Name;
}
