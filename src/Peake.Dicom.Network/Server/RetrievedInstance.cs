using System.Buffers.Binary;
using Peake.Dicom.Network.Query;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// An instance a C-GET or C-MOVE sends, opened from its <see cref="IRetrieveSource"/>: SOP class and instance and
/// the transfer syntax its File Meta names, and its stream positioned at the data set, so the stored bytes go out as
/// they are unless a conversion is needed (<see cref="SyntaxConversion"/>).
/// </summary>
internal sealed record RetrievedInstance(string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, Stream DataSet) : IAsyncDisposable
{
    private const int MaxMetaLength = 64 * 1024;

    /// <summary>The instance's stream past its File Meta; null when the source has no readable copy or the file is no Part 10 file.</summary>
    public static async Task<RetrievedInstance?> OpenAsync(IRetrieveSource source, RetrieveItem item, QueryContext context, CancellationToken cancellationToken)
    {
        var stream = await source.OpenAsync(item, context, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return null;
        }

        try
        {
            // PS3.10 7.1: preamble (128) + "DICM", then (0002,0000) UL whose value is the length of the rest of the group.
            var head = new byte[144];
            await stream.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
            var groupLength = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(140));
            if (!head.AsSpan(128, 4).SequenceEqual("DICM"u8) || BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(132)) != 0x00000002
                || !head.AsSpan(136, 2).SequenceEqual("UL"u8) || groupLength > MaxMetaLength)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            var header = new byte[144 + groupLength];
            head.CopyTo(header, 0);
            await stream.ReadExactlyAsync(header.AsMemory(144), cancellationToken).ConfigureAwait(false);
            var meta = DicomFile.Read(new MemoryStream(header, writable: false)).Meta;
            var sopClass = meta.GetString(DicomTags.MediaStorageSOPClassUID);
            var sopInstance = meta.GetString(DicomTags.MediaStorageSOPInstanceUID);
            var syntax = meta.GetString(DicomTags.TransferSyntaxUID);
            if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance) || string.IsNullOrEmpty(syntax))
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            return new RetrievedInstance(sopClass, sopInstance, syntax, stream);
        }
        catch (Exception e) when (e is DicomParseException or IOException or EndOfStreamException or UnauthorizedAccessException)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    public ValueTask DisposeAsync() => DataSet.DisposeAsync();
}
