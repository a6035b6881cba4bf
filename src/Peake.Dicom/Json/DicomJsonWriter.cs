using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Peake.Dicom;

/// <summary>
/// Writes a data set in the DICOM JSON model (PS3.18 F.2), streaming: values are written as they are met and
/// bulk values are base64-encoded chunk by chunk, so a 2 GB pixel data element never sits in one array.
/// Output follows dcm2json (dcmtk 3.6.7) value for value; where dcm2json produces invalid JSON or refuses,
/// docs/decisions/0005-dicom-json.md says what is written instead.
/// </summary>
public sealed class DicomJsonWriter
{
    private const int ChunkSize = 48 * 1024; // multiple of 3: base64 segments need no carry
    private const int FlushThreshold = 64 * 1024;
    private static readonly DicomTag SpecificCharacterSet = new(0x0008, 0x0005);
    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);

    private readonly Utf8JsonWriter _json;
    private readonly DicomJsonOptions _options;
    private readonly List<string> _path = [];

    private DicomJsonWriter(Utf8JsonWriter json, DicomJsonOptions options)
    {
        _json = json;
        _options = options;
    }

    /// <summary>Writes the data set as UTF-8 JSON to a stream.</summary>
    public static void Write(Stream stream, DicomDataset dataset, DicomJsonOptions? options = null)
    {
        options ??= DicomJsonOptions.Default;
        using var json = new Utf8JsonWriter(stream, WriterOptions(options));
        Write(json, dataset, options);
    }

    /// <summary>Writes the data set as UTF-8 JSON to a buffer writer (e.g. a pipe).</summary>
    public static void Write(IBufferWriter<byte> output, DicomDataset dataset, DicomJsonOptions? options = null)
    {
        options ??= DicomJsonOptions.Default;
        using var json = new Utf8JsonWriter(output, WriterOptions(options));
        Write(json, dataset, options);
    }

    /// <summary>Writes the data set as one JSON object to an existing writer (for embedding it in a larger document).</summary>
    public static void Write(Utf8JsonWriter json, DicomDataset dataset, DicomJsonOptions? options = null)
    {
        new DicomJsonWriter(json, options ?? DicomJsonOptions.Default).WriteDataset(dataset);
        json.Flush();
    }

    /// <summary>The data set as a JSON string.</summary>
    public static string Serialize(DicomDataset dataset, DicomJsonOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, dataset, options);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static JsonWriterOptions WriterOptions(DicomJsonOptions options) => new()
    {
        Indented = options.Indented,

        // Names and text stay readable UTF-8; only what JSON requires is escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private void WriteDataset(DicomDataset dataset)
    {
        _json.WriteStartObject();
        foreach (var element in dataset)
        {
            var tag = element.Tag;
            if ((tag.IsGroupLength && !_options.IncludeGroupLengths) || (tag.Group == 0x0002 && !_options.IncludeFileMetaInformation))
            {
                continue;
            }

            var key = tag.Value.ToString("X8", CultureInfo.InvariantCulture);
            _path.Add(key);
            _json.WritePropertyName(key);
            _json.WriteStartObject();
            WriteElement(dataset, element, key);
            _json.WriteEndObject();
            _path.RemoveAt(_path.Count - 1);
            if (_json.BytesPending > FlushThreshold)
            {
                _json.Flush();
            }
        }

        _json.WriteEndObject();
    }

    private void WriteElement(DicomDataset dataset, DicomElement element, string key)
    {
        switch (element)
        {
            case DicomSequence seq:
                _json.WriteString("vr"u8, "SQ"u8);
                WriteSequence(seq);
                break;
            case DicomFragments fragments:
                _json.WriteString("vr"u8, element.VR.Code);
                WriteFragments(fragments);
                break;
            case DicomValueElement value:
                _json.WriteString("vr"u8, element.VR.Code);
                WriteValue(dataset, value, key);
                break;
            default:
                throw new DicomJsonException($"element of type {element.GetType().Name} has no JSON form", CurrentPath);
        }
    }

    private void WriteSequence(DicomSequence seq)
    {
        if (seq.Items.Count == 0)
        {
            return;
        }

        _json.WritePropertyName("Value"u8);
        _json.WriteStartArray();
        for (var i = 0; i < seq.Items.Count; i++)
        {
            _path.Add(i.ToString(CultureInfo.InvariantCulture));
            WriteDataset(seq.Items[i]);
            _path.RemoveAt(_path.Count - 1);
        }

        _json.WriteEndArray();
    }

    private void WriteValue(DicomDataset dataset, DicomValueElement e, string key)
    {
        var vr = e.VR;
        if (e.Length == 0)
        {
            return; // PS3.18 F.2.5: an empty value has no "Value" (nor InlineBinary).
        }

        if (vr.IsString)
        {
            WriteStringValue(dataset, e);
        }
        else if (IsBinaryNumber(vr))
        {
            WriteNumbers(e);
        }
        else
        {
            WriteBinary(e, e.Length, () => e.OpenValue());
        }
    }

    private void WriteStringValue(DicomDataset dataset, DicomValueElement e)
    {
        var vr = e.VR;
        if (e.Tag == SpecificCharacterSet && _options.RewriteSpecificCharacterSet)
        {
            _json.WritePropertyName("Value"u8);
            _json.WriteStartArray();
            _json.WriteStringValue("ISO_IR 192"u8);
            _json.WriteEndArray();
            return;
        }

        var bytes = e.Bytes.Span;
        var text = vr.IsCharacterSetDependent ? dataset.TextEncoding.Decode(bytes, vr) : Encoding.Latin1.GetString(bytes);
        text = DicomValueText.TrimPadding(text, vr);
        if (vr == DicomVR.PN)
        {
            WritePersonNames(text);
            return;
        }

        var values = JsonStringValues.Split(text, vr);
        if (values is null)
        {
            return;
        }

        _json.WritePropertyName("Value"u8);
        _json.WriteStartArray();
        foreach (var v in values)
        {
            var number = v is null ? null
                : vr == DicomVR.DS ? JsonNumberText.NormalizeDecimal(v)
                : vr == DicomVR.IS ? JsonNumberText.NormalizeInteger(v)
                : null;
            if (v is null)
            {
                _json.WriteNullValue();
            }
            else if (number is not null)
            {
                _json.WriteRawValue(number, skipInputValidation: true);
            }
            else
            {
                // Includes DS/IS text that is no valid number: dcm2json keeps it as a string.
                _json.WriteStringValue(v);
            }
        }

        _json.WriteEndArray();
    }

    private void WritePersonNames(string text)
    {
        // A PN element is empty when nothing but spaces and component separators are in it; a backslash makes
        // (possibly null) values, as in dcm2json.
        if (text.AsSpan().IndexOfAnyExcept(" \0^=") < 0)
        {
            return;
        }

        _json.WritePropertyName("Value"u8);
        _json.WriteStartArray();
        foreach (var value in text.Split('\\'))
        {
            var groups = JsonPersonName.Groups(value);
            if (groups is null)
            {
                _json.WriteNullValue();
                continue;
            }

            _json.WriteStartObject();
            for (var g = 0; g < 3; g++)
            {
                if (groups[g] is { } s)
                {
                    _json.WriteString(JsonPersonName.GroupNames[g], s);
                }
            }

            _json.WriteEndObject();
        }

        _json.WriteEndArray();
    }

    private static bool IsBinaryNumber(DicomVR vr) =>
        vr == DicomVR.US || vr == DicomVR.SS || vr == DicomVR.UL || vr == DicomVR.SL || vr == DicomVR.FL
        || vr == DicomVR.FD || vr == DicomVR.SV || vr == DicomVR.UV || vr == DicomVR.AT;

    private void WriteNumbers(DicomValueElement e)
    {
        var vr = e.VR;
        var bytes = e.Bytes.Span;
        var unit = vr == DicomVR.AT ? 4 : vr.UnitSize;
        var count = bytes.Length / unit;
        if (count == 0)
        {
            return;
        }

        _json.WritePropertyName("Value"u8);
        _json.WriteStartArray();
        for (var i = 0; i < count; i++)
        {
            var v = bytes.Slice(i * unit, unit);
            if (vr == DicomVR.US)
            {
                _json.WriteNumberValue(BinaryPrimitives.ReadUInt16LittleEndian(v));
            }
            else if (vr == DicomVR.SS)
            {
                _json.WriteNumberValue(BinaryPrimitives.ReadInt16LittleEndian(v));
            }
            else if (vr == DicomVR.UL)
            {
                _json.WriteNumberValue(BinaryPrimitives.ReadUInt32LittleEndian(v));
            }
            else if (vr == DicomVR.SL)
            {
                _json.WriteNumberValue(BinaryPrimitives.ReadInt32LittleEndian(v));
            }
            else if (vr == DicomVR.SV)
            {
                WriteLargeInteger(BinaryPrimitives.ReadInt64LittleEndian(v));
            }
            else if (vr == DicomVR.UV)
            {
                var n = BinaryPrimitives.ReadUInt64LittleEndian(v);
                WriteLargeInteger(n, n > MaxSafeInteger);
            }
            else if (vr == DicomVR.FL)
            {
                var f = BinaryPrimitives.ReadSingleLittleEndian(v);
                WriteFloat(f, float.IsFinite(f) ? JsonNumberText.FormatSingle(f) : null);
            }
            else if (vr == DicomVR.FD)
            {
                var d = BinaryPrimitives.ReadDoubleLittleEndian(v);
                WriteFloat(d, double.IsFinite(d) ? JsonNumberText.FormatDouble(d) : null);
            }
            else
            {
                // PS3.18 F.2.3: AT as "ggggeeee", upper case hex.
                var group = BinaryPrimitives.ReadUInt16LittleEndian(v);
                var element = BinaryPrimitives.ReadUInt16LittleEndian(v[2..]);
                _json.WriteStringValue(new DicomTag(group, element).Value.ToString("X8", CultureInfo.InvariantCulture));
            }
        }

        _json.WriteEndArray();
    }

    // PS3.18 F.2.3.1: SV and UV values beyond ±(2^53 - 1) are strings, since JSON numbers are read as doubles.
    private const long MaxSafeInteger = (1L << 53) - 1;

    private void WriteLargeInteger(long n) => WriteLargeInteger(n, n is > MaxSafeInteger or < -MaxSafeInteger);

    private void WriteLargeInteger<T>(T n, bool asString)
        where T : IFormattable
    {
        var text = n.ToString(null, CultureInfo.InvariantCulture);
        if (asString)
        {
            _json.WriteStringValue(text);
        }
        else
        {
            _json.WriteRawValue(text, skipInputValidation: true);
        }
    }

    private void WriteFloat(double value, string? formatted)
    {
        if (formatted is not null)
        {
            _json.WriteRawValue(formatted, skipInputValidation: true);
            return;
        }

        var word = double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
        switch (_options.NonFiniteNumbers)
        {
            case DicomJsonNonFiniteNumbers.AsString:
                _json.WriteStringValue(word);
                break;
            case DicomJsonNonFiniteNumbers.Extended:
                _json.WriteRawValue(double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf", skipInputValidation: true);
                break;
            default:
                throw new DicomJsonException($"{word} cannot be written as a JSON number", CurrentPath);
        }
    }

    private void WriteFragments(DicomFragments fragments)
    {
        // PS3.5 A.4: the value field of encapsulated pixel data is the item stream (offset table item, fragment
        // items, sequence delimiter). That stream is what InlineBinary holds; dcm2json refuses such elements.
        var length = EncapsulatedItemStream.Length(fragments);
        WriteBinary(fragments, length, () => EncapsulatedItemStream.Open(fragments));
    }

    private void WriteBinary(DicomElement element, long length, Func<Stream> open)
    {
        if (length >= _options.BulkDataThreshold && _options.BulkDataUriFor is { } uriFor
            && uriFor(new DicomJsonBulkDataRequest(string.Join('/', _path), element, length)) is { } uri)
        {
            _json.WriteString("BulkDataURI"u8, uri);
            return;
        }

        _json.WritePropertyName("InlineBinary"u8);
        using var source = open();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            var remaining = length;
            while (remaining > 0)
            {
                var n = source.ReadAtLeast(buffer.AsSpan(0, (int)Math.Min(ChunkSize, remaining)), (int)Math.Min(ChunkSize, remaining), throwOnEndOfStream: true);
                remaining -= n;
                _json.WriteBase64StringSegment(buffer.AsSpan(0, n), isFinalSegment: remaining == 0);
                if (_json.BytesPending > FlushThreshold)
                {
                    _json.Flush();
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The path alternates tag keys and item indexes: "$.0040A730.Value[0].7FE00010".
    private string CurrentPath =>
        "$" + string.Concat(_path.Select((p, i) => i % 2 == 0 ? "." + p : ".Value[" + p + "]"));
}
