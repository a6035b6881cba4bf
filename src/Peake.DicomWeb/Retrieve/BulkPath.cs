using System.Globalization;
using Microsoft.AspNetCore.Http;
using Peake.Dicom;
using Peake.DicomWeb.Http;

namespace Peake.DicomWeb.Retrieve;

/// <summary>
/// The element a BulkDataURI names: the path our metadata writes, <c>{tag}</c> or <c>{tag}/{item}/{tag}…</c>
/// (8 hex digits and 0-based item indexes, as <see cref="DicomJsonBulkDataRequest.Path"/> builds it).
/// </summary>
internal static class BulkPath
{
    public static DicomValueElement Find(DicomDataset dataset, string path)
    {
        var parts = path.Split('/');
        var current = dataset;
        for (var i = 0; i < parts.Length; i += 2)
        {
            if (!uint.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var tag) || parts[i].Length != 8)
            {
                throw DicomWebRequestException.BadRequest($"bulk data path '{path}': '{parts[i]}' is not a tag (8 hex digits)");
            }

            var element = current[new DicomTag(tag)];
            if (i == parts.Length - 1)
            {
                return element as DicomValueElement
                    ?? throw new DicomWebRequestException(StatusCodes.Status404NotFound, $"no bulk data at '{path}'");
            }

            if (element is not DicomSequence sequence
                || !int.TryParse(parts[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                || index >= sequence.Items.Count)
            {
                throw new DicomWebRequestException(StatusCodes.Status404NotFound, $"no bulk data at '{path}'");
            }

            current = sequence.Items[index];
        }

        throw new DicomWebRequestException(StatusCodes.Status404NotFound, $"no bulk data at '{path}'");
    }
}
