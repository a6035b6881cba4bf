using System.Globalization;
using Peake.Dicom;
using Peake.Dicom.Network.Query;
using Peake.DicomWeb.Http;

namespace Peake.DicomWeb.Search;

/// <summary>
/// A QIDO-RS attribute: a keyword (PS3.6) or 8 hex digits, or a dotted path of them into sequence items
/// (<c>00400275.00401001</c>, PS3.18 8.3.4.1). Every step but the last must be a sequence.
/// </summary>
internal sealed class AttributePath
{
    private readonly IReadOnlyList<DicomDictionaryEntry> _steps;

    private AttributePath(IReadOnlyList<DicomDictionaryEntry> steps) => _steps = steps;

    public DicomDictionaryEntry Top => _steps[0];

    public static AttributePath Parse(string text)
    {
        var steps = new List<DicomDictionaryEntry>();
        foreach (var part in text.Split('.'))
        {
            var entry = Lookup(part) ?? throw DicomWebRequestException.BadRequest($"unknown attribute '{part}' in '{text}' (a PS3.6 keyword or 8 hex digits)");
            if (steps.Count > 0 && steps[^1].VR != DicomVR.SQ)
            {
                throw DicomWebRequestException.BadRequest($"'{steps[^1].Keyword}' in '{text}' is not a sequence and has no items to match in");
            }

            steps.Add(entry);
        }

        return new AttributePath(steps);
    }

    /// <summary>A return key: zero length (universal match, PS3.4 C.2.2.2.3); a sequence with one empty item returns its items.</summary>
    public static DicomElement EmptyKey(DicomTag tag)
    {
        var vr = DicomDictionary.Lookup(tag)?.VR ?? DicomVR.UN;
        return vr == DicomVR.SQ ? new DicomSequence(tag) : new DicomValueElement(tag, vr, ReadOnlyMemory<byte>.Empty);
    }

    /// <summary>Puts the matching key into <paramref name="identifier"/>, inside the one item of each sequence on the way.</summary>
    public void SetKey(DicomDataset identifier, string value)
    {
        var target = identifier;
        foreach (var step in _steps.Take(_steps.Count - 1))
        {
            if (target.GetSequence(step.Tag) is not { } sequence)
            {
                sequence = new DicomSequence(step.Tag);
                target.Set(sequence);
            }

            if (sequence.Items.Count == 0)
            {
                sequence.Items.Add(new DicomDataset());
            }

            target = sequence.Items[0];
        }

        var last = _steps[^1];
        if (last.VR == DicomVR.SQ)
        {
            if (value.Length > 0)
            {
                throw DicomWebRequestException.BadRequest($"sequence '{last.Keyword}' can only be matched through its items ({last.Keyword}.Keyword=value)");
            }

            target.Set(new DicomSequence(last.Tag));
            return;
        }

        target.Set(Encode(last, value));
    }

    private static DicomElement Encode(DicomDictionaryEntry entry, string value)
    {
        var vr = entry.VR;
        if (value.Length == 0)
        {
            return new DicomValueElement(entry.Tag, vr, ReadOnlyMemory<byte>.Empty);
        }

        var scratch = new DicomDataset();
        if (vr == DicomVR.UI)
        {
            // PS3.18 8.3.4.1: a UID list is comma-separated here, backslash-separated in DICOM (PS3.4 C.2.2.2.2).
            var uids = value.Split(',');
            if (uids.FirstOrDefault(u => !DicomUid.IsValid(u)) is { } bad)
            {
                throw DicomWebRequestException.BadRequest($"'{bad}' in {entry.Keyword} is not a valid UID (PS3.5 9.1)");
            }

            scratch.SetString(entry.Tag, vr, string.Join('\\', uids));
        }
        else if (vr.IsString)
        {
            CheckText(entry, value);
            scratch.SetString(entry.Tag, vr, value);
        }
        else
        {
            return EncodeNumber(entry, value);
        }

        return scratch[entry.Tag]!;
    }

    private static void CheckText(DicomDictionaryEntry entry, string value)
    {
        // The C-FIND rules for key values (dates, times, lengths), so both protocols refuse the same queries.
        if (KeyValues.Problem(entry.VR, value) is { } problem)
        {
            throw DicomWebRequestException.BadRequest($"{entry.Keyword} {problem}");
        }

        if (value.Length > 1024)
        {
            throw DicomWebRequestException.BadRequest($"{entry.Keyword} value is longer than 1024 characters");
        }
    }

    private static DicomValueElement EncodeNumber(DicomDictionaryEntry entry, string value)
    {
        var vr = entry.VR;
        var scratch = new DicomDataset();
        var ok = vr.Code switch
        {
            "US" => Set<ushort>(ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var us), us),
            "SS" => Set<short>(short.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ss), ss),
            "UL" => Set<uint>(uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ul), ul),
            "SL" => Set<int>(int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var sl), sl),
            _ => throw DicomWebRequestException.BadRequest($"{entry.Keyword} ({vr}) cannot be matched on a value; ask for it with includefield"),
        };
        return ok ? (DicomValueElement)scratch[entry.Tag]! : throw DicomWebRequestException.BadRequest($"{entry.Keyword} '{value}' is not a {vr} number");

        bool Set<T>(bool parsed, T number)
            where T : unmanaged
        {
            if (parsed)
            {
                scratch.SetValues(entry.Tag, vr, number);
            }

            return parsed;
        }
    }

    private static DicomDictionaryEntry? Lookup(string part)
    {
        if (part.Length == 8 && uint.TryParse(part, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            var tag = new DicomTag(value);
            return DicomDictionary.Lookup(tag) is { } entry && !tag.IsGroupLength && tag.Group > 0x0002 ? entry with { Tag = tag } : null;
        }

        return part.Length > 0 && DicomDictionary.Lookup(part) is { IsRepeating: false } named ? named : null;
    }
}
