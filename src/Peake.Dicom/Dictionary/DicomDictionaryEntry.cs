namespace Peake.Dicom;

/// <summary>
/// One PS3.6 data dictionary entry. <see cref="VRs"/> usually holds one VR; PS3.6 lists several for elements
/// whose VR depends on other attributes ("US or SS", "OB or OW", "US or SS or OW"), in the standard's order, and
/// none for the item and delimitation tags of PS3.5 7.5. A repeating-group entry such as (60xx,3000) has a
/// <see cref="Mask"/> whose zero bits mark the digits that vary; exact entries have a mask of 0xFFFFFFFF.
/// </summary>
public sealed record DicomDictionaryEntry(DicomTag Tag, string Keyword, string Name, IReadOnlyList<DicomVR> VRs, string VM, bool Retired)
{
    /// <summary>Bits of <see cref="DicomTag.Value"/> fixed by this entry; a tag matches when (value &amp; Mask) == Tag.Value.</summary>
    public uint Mask { get; init; } = 0xFFFFFFFF;

    /// <summary>The private creator that reserves the block of a private entry, null for public entries.</summary>
    public string? PrivateCreator { get; init; }

    public bool IsRepeating => Mask != 0xFFFFFFFF;

    /// <summary>The first VR PS3.6 lists, or UN when it lists none.</summary>
    public DicomVR VR => VRs.Count > 0 ? VRs[0] : DicomVR.UN;

    public bool Matches(DicomTag tag) => (tag.Value & Mask) == Tag.Value;
}
