using System.Globalization;
using Microsoft.AspNetCore.Http;
using Peake.Dicom;
using Peake.DicomWeb.Http;

namespace Peake.DicomWeb.Retrieve;

/// <summary>
/// Where frames lie in an uncompressed (7FE0,0010) value: frame k starts at (k−1)·Rows·Columns·SamplesPerPixel·
/// BitsAllocated/8 (PS3.5 8.1.1, 8.2). Compressed pixel data (its frames would need a codec media type), big endian
/// data and BitsAllocated 1 (frames not byte-aligned) are not served: 406.
/// </summary>
internal static class PixelFrames
{
    public static IReadOnlyList<(long Offset, long Length)> Of(DicomFile file, IReadOnlyList<int> numbers)
    {
        var dataset = file.Dataset;
        if (dataset[DicomTags.PixelData] is not { } pixels)
        {
            throw new DicomWebRequestException(StatusCodes.Status404NotFound, "the instance has no pixel data");
        }

        if (pixels is not DicomValueElement value || file.TransferSyntax.IsEncapsulated || file.TransferSyntax.IsBigEndian)
        {
            throw new DicomWebRequestException(
                StatusCodes.Status406NotAcceptable,
                $"frames are served from uncompressed little endian pixel data only; this instance is {file.TransferSyntax.Uid}");
        }

        var rows = First(dataset, DicomTags.Rows);
        var columns = First(dataset, DicomTags.Columns);
        var samples = dataset.Contains(DicomTags.SamplesPerPixel) ? First(dataset, DicomTags.SamplesPerPixel) : 1;
        var bits = First(dataset, DicomTags.BitsAllocated);
        if (bits % 8 != 0)
        {
            throw new DicomWebRequestException(StatusCodes.Status406NotAcceptable, $"BitsAllocated {bits}: frames are not byte-aligned");
        }

        var count = int.TryParse(dataset.GetString(DicomTags.NumberOfFrames), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
        var length = (long)rows * columns * samples * (bits / 8);
        var frames = new List<(long, long)>();
        foreach (var number in numbers)
        {
            if (number > count)
            {
                throw DicomWebRequestException.BadRequest($"frame {number} does not exist: the instance has {count} frame(s)");
            }

            var offset = (number - 1) * length;
            if (offset + length > value.Length)
            {
                throw new DicomWebRequestException(StatusCodes.Status500InternalServerError, $"pixel data holds {value.Length} bytes, too few for frame {number}");
            }

            frames.Add((offset, length));
        }

        return frames;
    }

    public static async Task CopyAsync(DicomFile file, long offset, long length, Stream body, CancellationToken cancellationToken)
    {
        var value = (DicomValueElement)file.Dataset[DicomTags.PixelData]!;
        await using var input = value.OpenValue();
        input.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[(int)Math.Min(length, 81920)];
        for (var left = length; left > 0;)
        {
            var read = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("pixel data ended inside a frame");
            }

            await body.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            left -= read;
        }
    }

    private static int First(DicomDataset dataset, DicomTag tag) =>
        dataset.GetValues<ushort>(tag) is [var v, ..] ? v
        : throw new DicomWebRequestException(StatusCodes.Status406NotAcceptable, $"the instance has no {tag} to locate frames with");
}
