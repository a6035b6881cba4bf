namespace Peake.Dicom;

/// <summary>
/// What ISO/IEC 2022 decoding and encoding need from a Specific Character Set: the initial G0/G1 sets (those of
/// value 1, PS3.5 6.1.2.5.3) and the sets the other values allow escape sequences to designate.
/// </summary>
internal sealed class Iso2022Profile
{
    public Iso2022Profile(string description, GraphicSet initialG0, GraphicSet? initialG1, GraphicSet? fallbackG1, IReadOnlyList<(GraphicSet Set, bool ToG1)> designations)
    {
        Description = description;
        InitialG0 = initialG0;
        InitialG1 = initialG1;
        FallbackG1 = fallbackG1;
        Designations = designations;
    }

    /// <summary>The terms as written, for error messages.</summary>
    public string Description { get; }

    public GraphicSet InitialG0 { get; }

    public GraphicSet? InitialG1 { get; }

    /// <summary>
    /// Leniency for decoding: the set that decodes G1 bytes while no escape sequence has designated one (the first G1 set
    /// declared, else the first two-byte set, read in its EUC form). Conforming data never needs it; Korean and Chinese
    /// data that only escapes once per value, or not at all, does.
    /// </summary>
    public GraphicSet? FallbackG1 { get; }

    /// <summary>Sets the encoder may designate, in the order of (0008,0005); empty without code extensions.</summary>
    public IReadOnlyList<(GraphicSet Set, bool ToG1)> Designations { get; }

    /// <summary>Whether plain ASCII bytes decode to themselves (not so for a JIS X 0201 romaji G0: 05/12 is YEN SIGN).</summary>
    public bool AsciiIsIdentity => InitialG0 == GraphicSets.Ascii;
}
