using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Peake.Dicom;

/// <summary>
/// Reads the DICOM JSON model (PS3.18 F.2) into a data set, encoding each value back into the bytes a Part 10
/// file would hold: strings joined with backslash and padded, PN groups joined with '=', binary numbers little
/// endian, DS and IS text exactly as the JSON number was written, InlineBinary decoded.
/// Text is encoded with the Specific Character Set the JSON declares; JSON that declares none but carries
/// non-ASCII text gets "ISO_IR 192" (UTF-8) added to the top-level data set, the one character set that holds any
/// JSON string. Bad input throws <see cref="DicomJsonException"/> naming the JSON path, never anything else.
/// </summary>
public sealed class DicomJsonReader
{
    private static readonly DicomTag SpecificCharacterSet = new(0x0008, 0x0005);
    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);

    private readonly DicomJsonOptions _options;
    private readonly DicomDataset _root = new();
    private string _path = "$";

    private DicomJsonReader(DicomJsonOptions options)
    {
        _options = options;
    }

    public static DicomDataset Read(ReadOnlyMemory<byte> utf8Json, DicomJsonOptions? options = null)
    {
        options ??= DicomJsonOptions.Default;
        try
        {
            using var doc = JsonDocument.Parse(utf8Json, DocumentOptions(options));
            return Read(doc.RootElement, options);
        }
        catch (JsonException ex)
        {
            throw Malformed(ex);
        }
    }

    public static DicomDataset Read(string json, DicomJsonOptions? options = null) =>
        Read(Encoding.UTF8.GetBytes(json), options);

    public static DicomDataset Read(Stream utf8Json, DicomJsonOptions? options = null)
    {
        options ??= DicomJsonOptions.Default;
        try
        {
            using var doc = JsonDocument.Parse(utf8Json, DocumentOptions(options));
            return Read(doc.RootElement, options);
        }
        catch (JsonException ex)
        {
            throw Malformed(ex);
        }
    }

    /// <summary>Reads JSON from a stream without blocking on it (e.g. an HTTP request body).</summary>
    public static async Task<DicomDataset> ReadAsync(Stream utf8Json, DicomJsonOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= DicomJsonOptions.Default;
        try
        {
            using var doc = await JsonDocument.ParseAsync(utf8Json, DocumentOptions(options), cancellationToken).ConfigureAwait(false);
            return Read(doc.RootElement, options);
        }
        catch (JsonException ex)
        {
            throw Malformed(ex);
        }
    }

    /// <summary>Reads one data set object of an already parsed document (e.g. one entry of a QIDO-RS response array).</summary>
    public static DicomDataset Read(JsonElement dataset, DicomJsonOptions? options = null)
    {
        var reader = new DicomJsonReader(options ?? DicomJsonOptions.Default);
        try
        {
            reader.ReadDataset(dataset, reader._root, "$");
            return reader._root;
        }
        catch (Exception ex) when (ex is not DicomJsonException)
        {
            // Anything the checks below did not foresee still reports where it happened.
            throw new DicomJsonException(ex.Message, reader._path, ex);
        }
    }

    private static JsonDocumentOptions DocumentOptions(DicomJsonOptions options) => new() { MaxDepth = options.MaxDepth };

    private static DicomJsonException Malformed(JsonException ex) =>
        new($"malformed JSON: {ex.Message}", ex.Path ?? "$", ex);

    private void ReadDataset(JsonElement obj, DicomDataset dataset, string path)
    {
        _path = path;
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new DicomJsonException($"expected a data set object, found {obj.ValueKind}", path);
        }

        // JSON objects are unordered, but text is encoded with the Specific Character Set: read (0008,0005) first.
        var properties = obj.EnumerateObject().OrderBy(p => p.NameEquals("00080005"u8) ? 0 : 1);
        foreach (var property in properties)
        {
            var elementPath = path + "." + property.Name;
            _path = elementPath;
            if (property.Name.Length != 8
                || !uint.TryParse(property.Name, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var tagValue))
            {
                throw new DicomJsonException($"'{property.Name}' is not a tag of 8 hexadecimal digits", elementPath);
            }

            if (tagValue >> 16 == 0xFFFE)
            {
                // PS3.5 7.5: item and delimitation tags structure the encoding; as data elements they make unreadable files.
                throw new DicomJsonException($"'{property.Name}' is an item or delimitation tag, not a data element", elementPath);
            }

            dataset.Set(ReadElement(new DicomTag(tagValue), property.Value, dataset, elementPath));
        }
    }

    private DicomElement ReadElement(DicomTag tag, JsonElement obj, DicomDataset dataset, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new DicomJsonException($"expected an attribute object, found {obj.ValueKind}", path);
        }

        if (!obj.TryGetProperty("vr", out var vrJson) || vrJson.ValueKind != JsonValueKind.String)
        {
            throw new DicomJsonException("attribute has no \"vr\" string", path);
        }

        var code = vrJson.GetString()!;
        if (code.Length != 2 || !DicomVR.TryGet((byte)code[0], (byte)code[1], out var vr))
        {
            throw new DicomJsonException($"'{code}' is not a DICOM VR", path + ".vr");
        }

        JsonElement? value = null, inline = null, bulk = null;
        foreach (var p in obj.EnumerateObject())
        {
            switch (p.Name)
            {
                case "Value": value = p.Value; break;
                case "InlineBinary": inline = p.Value; break;
                case "BulkDataURI": bulk = p.Value; break;
            }
        }

        if ((value.HasValue ? 1 : 0) + (inline.HasValue ? 1 : 0) + (bulk.HasValue ? 1 : 0) > 1)
        {
            throw new DicomJsonException("an attribute holds only one of \"Value\", \"InlineBinary\" and \"BulkDataURI\"", path);
        }

        if (vr == DicomVR.SQ)
        {
            if (inline.HasValue || bulk.HasValue)
            {
                throw new DicomJsonException("a sequence has items in \"Value\", not binary data", path);
            }

            return ReadSequence(tag, value, dataset, path);
        }

        if (inline is { } b64)
        {
            return ReadInlineBinary(tag, vr, b64, path + ".InlineBinary");
        }

        if (bulk is { } uri)
        {
            return ReadBulkDataUri(tag, vr, uri, path + ".BulkDataURI");
        }

        if (value is not { } array || array.ValueKind == JsonValueKind.Null)
        {
            return new DicomValueElement(tag, vr, ReadOnlyMemory<byte>.Empty);
        }

        path += ".Value";
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new DicomJsonException($"\"Value\" must be an array, found {array.ValueKind}", path);
        }

        _path = path;
        var bytes = vr.IsString ? EncodeStrings(tag, vr, array, dataset, path) : EncodeNumbers(vr, array, path);
        return new DicomValueElement(tag, vr, DicomValueText.Pad(bytes, vr));
    }

    private DicomSequence ReadSequence(DicomTag tag, JsonElement? value, DicomDataset dataset, string path)
    {
        var items = new List<DicomDataset>();
        if (value is { ValueKind: not JsonValueKind.Null } array)
        {
            if (array.ValueKind != JsonValueKind.Array)
            {
                throw new DicomJsonException($"\"Value\" of a sequence must be an array of items, found {array.ValueKind}", path + ".Value");
            }

            var i = 0;
            foreach (var itemJson in array.EnumerateArray())
            {
                // The parent is set first so that text of the item is encoded with the enclosing character set.
                var item = new DicomDataset(dataset);
                ReadDataset(itemJson, item, $"{path}.Value[{i++}]");
                items.Add(item);
            }
        }

        return new DicomSequence(tag, items);
    }

    private DicomElement ReadInlineBinary(DicomTag tag, DicomVR vr, JsonElement b64, string path)
    {
        if (b64.ValueKind != JsonValueKind.String || !b64.TryGetBytesFromBase64(out var bytes))
        {
            throw new DicomJsonException("\"InlineBinary\" must be a base64 string", path);
        }

        // Encapsulated pixel data is written as its item stream (see DicomJsonWriter); take it back as fragments.
        if (tag == PixelData && vr == DicomVR.OB && bytes.Length >= 16 && bytes[0] == 0xFE && bytes[1] == 0xFF && bytes[2] == 0x00 && bytes[3] == 0xE0
            && EncapsulatedItemStream.TryParse(tag, vr, bytes) is { } fragments)
        {
            return fragments;
        }

        return new DicomValueElement(tag, vr, DicomValueText.Pad(bytes, vr));
    }

    private DicomValueElement ReadBulkDataUri(DicomTag tag, DicomVR vr, JsonElement uriJson, string path)
    {
        if (uriJson.ValueKind != JsonValueKind.String)
        {
            throw new DicomJsonException("\"BulkDataURI\" must be a string", path);
        }

        var uri = uriJson.GetString()!;
        if (_options.BulkDataResolver?.Invoke(new DicomJsonBulkDataReference(path, tag, vr, uri)) is { } data)
        {
            return new DicomValueElement(tag, vr, data);
        }

        _options.Warning?.Invoke(new DicomJsonWarning(path, $"BulkDataURI '{uri}' was not resolved; the value is left empty"));
        return new DicomValueElement(tag, vr, ReadOnlyMemory<byte>.Empty);
    }

    private byte[] EncodeStrings(DicomTag tag, DicomVR vr, JsonElement array, DicomDataset dataset, string path)
    {
        var values = new List<string>();
        var i = 0;
        foreach (var v in array.EnumerateArray())
        {
            var valuePath = $"{path}[{i++}]";
            values.Add(v.ValueKind switch
            {
                JsonValueKind.Null => string.Empty,
                JsonValueKind.String => v.GetString()!,
                JsonValueKind.Number when vr != DicomVR.PN => v.GetRawText(), // DS/IS: the text as written
                JsonValueKind.Object when vr == DicomVR.PN => PersonName(v, valuePath),
                _ => throw new DicomJsonException($"a {vr} value cannot be a JSON {v.ValueKind}", valuePath),
            });
            if (values[^1].Contains('\\', StringComparison.Ordinal) && vr.IsMultiValued)
            {
                throw new DicomJsonException("a value may not contain a backslash, the DICOM value separator", valuePath);
            }
        }

        if (!vr.IsMultiValued && values.Count > 1)
        {
            throw new DicomJsonException($"{vr} holds a single value, found {values.Count}", path);
        }

        var text = string.Join('\\', values);
        if (tag == SpecificCharacterSet || !vr.IsCharacterSetDependent)
        {
            if (!Ascii.IsValid(text))
            {
                throw new DicomJsonException($"{vr} values are limited to the default repertoire (ASCII)", path);
            }

            return Encoding.ASCII.GetBytes(text);
        }

        if (!Ascii.IsValid(text) && !HasCharacterSet(dataset))
        {
            // PS3.18 F.2: JSON is Unicode; UTF-8 holds any text, and ISO_IR 192 declares it (PS3.3 C.12.1.1.2).
            _root.Set(new DicomValueElement(SpecificCharacterSet, DicomVR.CS, DicomValueText.Pad(Encoding.ASCII.GetBytes("ISO_IR 192"), DicomVR.CS)));
        }

        return dataset.TextEncoding.Encode(text, vr);
    }

    private static bool HasCharacterSet(DicomDataset? dataset)
    {
        for (; dataset is not null; dataset = dataset.Parent)
        {
            if (dataset.Contains(SpecificCharacterSet))
            {
                return true;
            }
        }

        return false;
    }

    private static string PersonName(JsonElement obj, string path)
    {
        var groups = new string?[3];
        foreach (var p in obj.EnumerateObject())
        {
            var g = Array.IndexOf(JsonPersonName.GroupNames, p.Name);
            if (g < 0)
            {
                throw new DicomJsonException($"'{p.Name}' is not a PN component group (Alphabetic, Ideographic, Phonetic)", path);
            }

            if (p.Value.ValueKind != JsonValueKind.String)
            {
                throw new DicomJsonException($"PN component group {p.Name} must be a string", $"{path}.{p.Name}");
            }

            var s = p.Value.GetString()!;
            if (s.AsSpan().IndexOfAny('=', '\\') >= 0)
            {
                throw new DicomJsonException($"PN component group {p.Name} may not contain '=' or '\\'", $"{path}.{p.Name}");
            }

            groups[g] = s;
        }

        return JsonPersonName.Join(groups);
    }

    private static byte[] EncodeNumbers(DicomVR vr, JsonElement array, string path)
    {
        if (vr != DicomVR.US && vr != DicomVR.SS && vr != DicomVR.UL && vr != DicomVR.SL && vr != DicomVR.FL
            && vr != DicomVR.FD && vr != DicomVR.SV && vr != DicomVR.UV && vr != DicomVR.AT)
        {
            throw new DicomJsonException($"{vr} values are written as \"InlineBinary\" or \"BulkDataURI\", not \"Value\"", path);
        }

        var unit = vr == DicomVR.AT ? 4 : vr.UnitSize;
        var bytes = new byte[array.GetArrayLength() * unit];
        var i = 0;
        foreach (var v in array.EnumerateArray())
        {
            var valuePath = $"{path}[{i}]";
            var dest = bytes.AsSpan(i++ * unit, unit);
            if (vr == DicomVR.AT)
            {
                if (v.ValueKind != JsonValueKind.String || v.GetString() is not { Length: 8 } s
                    || !uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var at))
                {
                    throw new DicomJsonException("an AT value must be a string of 8 hexadecimal digits", valuePath);
                }

                BinaryPrimitives.WriteUInt16LittleEndian(dest, (ushort)(at >> 16));
                BinaryPrimitives.WriteUInt16LittleEndian(dest[2..], (ushort)at);
                continue;
            }

            if (v.ValueKind is not (JsonValueKind.Number or JsonValueKind.String))
            {
                throw new DicomJsonException($"a {vr} value must be a number, found {v.ValueKind}", valuePath);
            }

            // Strings are accepted for SV/UV beyond 2^53 (PS3.18 F.2.3.1) and for NaN/Infinity of FL/FD.
            var text = v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();
            if (!WriteNumber(vr, text, dest))
            {
                throw new DicomJsonException($"'{text}' is not a valid {vr} value", valuePath);
            }
        }

        return bytes;
    }

    private static bool WriteNumber(DicomVR vr, string text, Span<byte> dest)
    {
        var inv = CultureInfo.InvariantCulture;
        const NumberStyles Float = NumberStyles.Float;
        if (vr == DicomVR.FL || vr == DicomVR.FD)
        {
            if (!double.TryParse(text, Float, inv, out var d) && !TryParseNonFinite(text, out d))
            {
                return false;
            }

            if (vr == DicomVR.FL)
            {
                BinaryPrimitives.WriteSingleLittleEndian(dest, (float)d);
            }
            else
            {
                BinaryPrimitives.WriteDoubleLittleEndian(dest, d);
            }

            return true;
        }

        // Integers may come as 1.0 or 1e3 from some producers: accept any number text with an integral value.
        if (!decimal.TryParse(text, Float, inv, out var n) || n != decimal.Truncate(n))
        {
            return false;
        }

        try
        {
            if (vr == DicomVR.US)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(dest, checked((ushort)n));
            }
            else if (vr == DicomVR.SS)
            {
                BinaryPrimitives.WriteInt16LittleEndian(dest, checked((short)n));
            }
            else if (vr == DicomVR.UL)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(dest, checked((uint)n));
            }
            else if (vr == DicomVR.SL)
            {
                BinaryPrimitives.WriteInt32LittleEndian(dest, checked((int)n));
            }
            else if (vr == DicomVR.SV)
            {
                BinaryPrimitives.WriteInt64LittleEndian(dest, checked((long)n));
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(dest, checked((ulong)n));
            }

            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static bool TryParseNonFinite(string text, out double value)
    {
        value = text switch
        {
            "NaN" or "nan" => double.NaN,
            "Infinity" or "inf" => double.PositiveInfinity,
            "-Infinity" or "-inf" => double.NegativeInfinity,
            _ => 0,
        };
        return value != 0; // NaN != 0 holds too
    }
}
