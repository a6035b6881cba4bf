namespace Peake.Dicom;

/// <summary>Shares one read-only VR list per distinct "A/B" text while the packed tables are parsed.</summary>
internal sealed class DicomVRListCache
{
    private readonly Dictionary<string, IReadOnlyList<DicomVR>> _lists = new(StringComparer.Ordinal);

    public IReadOnlyList<DicomVR> Get(string text)
    {
        if (!_lists.TryGetValue(text, out var list))
        {
            list = text.Length == 0
                ? Array.Empty<DicomVR>()
                : Array.AsReadOnly(Array.ConvertAll(text.Split('/'), DicomVR.Parse));
            _lists[text] = list;
        }

        return list;
    }
}
