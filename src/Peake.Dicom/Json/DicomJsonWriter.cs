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

    private readonly Utf8JsonWriter _json;
    private readonly DicomJsonOptions _options;
    private readonly bool _async;
    private readonly List<string> _path = [];

    private DicomJsonWriter(Utf8JsonWriter json, DicomJsonOptions options, bool async)
    {
        _json = json;
        _options = options;
        _async = async;
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
        // With synchronous flushes every step completes at once: the task is already done here.
        var task = new DicomJsonWriter(json, options ?? DicomJsonOptions.Default, async: false).WriteDatasetAsync(dataset, CancellationToken.None);
        task.GetAwaiter().GetResult();
        json.Flush();
    }

    /// <summary>
    /// Writes the data set to a stream without blocking on it (e.g. an HTTP response body, where synchronous
    /// writes are refused). Bulk values are read and written chunk by chunk, asynchronously.
    /// </summary>
    public static async Task WriteAsync(Stream stream, DicomDataset dataset, DicomJsonOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= DicomJsonOptions.Default;
        await using var json = new Utf8JsonWriter(stream, WriterOptions(options));
        await new DicomJsonWriter(json, options, async: true).WriteDatasetAsync(dataset, cancellationToken).ConfigureAwait(false);
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
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
        NewLine = "\n",
        IndentSize = 2,

        // Names and text stay readable UTF-8; only what JSON requires is escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private async ValueTask WriteDatasetAsync(DicomDataset dataset, CancellationToken cancellationToken)
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
            await WriteElementAsync(dataset, element, cancellationToken).ConfigureAwait(false);
            _json.WriteEndObject();
            _path.RemoveAt(_path.Count - 1);
            await FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
        }

        _json.WriteEndObject();
    }

    private async ValueTask WriteElementAsync(DicomDataset dataset, DicomElement element, CancellationToken cancellationToken)
    {
        switch (element)
        {
            case DicomSequence seq:
                _json.WriteString("vr"u8, "SQ"u8);
                await WriteSequenceAsync(seq, cancellationToken).ConfigureAwait(false);
                break;
            case DicomFragments fragments:
                _json.WriteString("vr"u8, element.VR.Code);
                await WriteFragmentsAsync(fragments, cancellationToken).ConfigureAwait(false);
                break;
            case DicomValueElement value:
                _json.WriteString("vr"u8, element.VR.Code);
                await WriteValueAsync(dataset, value, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new DicomJsonException($"element of type {element.GetType().Name} has no JSON form", CurrentPath);
        }
    }

    private async ValueTask WriteSequenceAsync(DicomSequence seq, CancellationToken cancellationToken)
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
            await WriteDatasetAsync(seq.Items[i], cancellationToken).ConfigureAwait(false);
            _path.RemoveAt(_path.Count - 1);
        }

        _json.WriteEndArray();
    }

    private async ValueTask WriteValueAsync(DicomDataset dataset, DicomValueElement e, CancellationToken cancellationToken)
    {
        var vr = e.VR;
        if (e.Length == 0 && !RewritesCharacterSet(e))
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
        else if (e.Length % 2 == 1)
        {
            // An odd length breaks PS3.5 7.1.1; dcmtk pads such a value with a NUL when it reads it, and so does
            // its JSON. The value itself is kept as read.
            await WriteBinaryAsync(e, e.Length + 1, () => new ConcatenatedStream([e.OpenValue, () => new MemoryStream([0])]), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await WriteBinaryAsync(e, e.Length, e.OpenValue, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The top-level (0008,0005) is written as "ISO_IR 192", since JSON text is Unicode. Items keep theirs, as dcm2json
    /// keeps them (the item's text is converted all the same).
    /// </summary>
    private bool RewritesCharacterSet(DicomValueElement e) =>
        e.Tag == SpecificCharacterSet && e.VR.IsString && _options.RewriteSpecificCharacterSet && _path.Count == 1;

    private void WriteStringValue(DicomDataset dataset, DicomValueElement e)
    {
        var vr = e.VR;
        if (RewritesCharacterSet(e))
        {
            // Even an empty (0008,0005) (default repertoire) now describes UTF-8 text; dcm2json writes it so too.
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
                WriteNumberText(number);
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
            WriteNumberText(text);
        }
    }

    private void WriteFloat(double value, string? formatted)
    {
        if (formatted is not null)
        {
            WriteNumberText(formatted);
            return;
        }

        var word = double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
        switch (_options.NonFiniteNumbers)
        {
            case DicomJsonNonFiniteNumbers.AsString:
                _json.WriteStringValue(word);
                break;
            case DicomJsonNonFiniteNumbers.Extended:
                WriteNumberText(double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf");
                break;
            default:
                throw new DicomJsonException($"{word} cannot be written as a JSON number", CurrentPath);
        }
    }

    /// <summary>
    /// Writes number text as it is (Utf8JsonWriter has no number-from-text API). Raw values get no indentation of
    /// their own, so in indented output the line break and indent are part of the raw text.
    /// </summary>
    private void WriteNumberText(string text)
    {
        if (_options.Indented)
        {
            text = "\n" + new string(' ', _json.CurrentDepth * 2) + text;
        }

        _json.WriteRawValue(text, skipInputValidation: true);
    }

    private ValueTask WriteFragmentsAsync(DicomFragments fragments, CancellationToken cancellationToken)
    {
        // PS3.5 A.4: the value field of encapsulated pixel data is the item stream (offset table item, fragment
        // items, sequence delimiter). That stream is what InlineBinary holds; dcm2json refuses such elements.
        var length = EncapsulatedItemStream.Length(fragments);
        return WriteBinaryAsync(fragments, length, () => EncapsulatedItemStream.Open(fragments), cancellationToken);
    }

    private async ValueTask WriteBinaryAsync(DicomElement element, long length, Func<Stream> open, CancellationToken cancellationToken)
    {
        if (length >= _options.BulkDataThreshold && _options.BulkDataUriFor is { } uriFor
            && uriFor(new DicomJsonBulkDataRequest(string.Join('/', _path), element, length)) is { } uri)
        {
            _json.WriteString("BulkDataURI"u8, uri);
            return;
        }

        _json.WritePropertyName("InlineBinary"u8);
        var source = open();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            var remaining = length;
            while (remaining > 0)
            {
                var want = (int)Math.Min(ChunkSize, remaining);
                var n = _async
                    ? await source.ReadAtLeastAsync(buffer.AsMemory(0, want), want, throwOnEndOfStream: true, cancellationToken).ConfigureAwait(false)
                    : source.ReadAtLeast(buffer.AsSpan(0, want), want, throwOnEndOfStream: true);
                remaining -= n;
                _json.WriteBase64StringSegment(buffer.AsSpan(0, n), isFinalSegment: remaining == 0);
                await FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);

            // Synchronous disposal in the synchronous mode keeps every step of Write complete when it returns.
            if (_async)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                source.Dispose();
            }
        }
    }

    /// <summary>Hands buffered output to the stream once enough has gathered, so memory stays bounded.</summary>
    private ValueTask FlushIfFullAsync(CancellationToken cancellationToken)
    {
        if (_json.BytesPending <= FlushThreshold)
        {
            return ValueTask.CompletedTask;
        }

        if (_async)
        {
            return new ValueTask(_json.FlushAsync(cancellationToken));
        }

        _json.Flush();
        return ValueTask.CompletedTask;
    }

    // The path alternates tag keys and item indexes: "$.0040A730.Value[0].7FE00010".
    private string CurrentPath =>
        "$" + string.Concat(_path.Select((p, i) => i % 2 == 0 ? "." + p : ".Value[" + p + "]"));
}
