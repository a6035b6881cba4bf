using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Server;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>A <see cref="FolderStore"/> with prepared files, as <c>peake dicom scp</c> runs it.</summary>
public sealed class FolderStorePreparedTests
{
    private const string CtImage = "1.2.840.10008.5.1.4.1.1.2";
    private const string ExplicitLittle = "1.2.840.10008.1.2.1";
    private static readonly AcceptedPresentationContext Context = new(1, CtImage, ExplicitLittle);
    private static readonly NegotiatedAssociation Association = new(
        "PEAKE", "MODALITY", new Dictionary<byte, AcceptedPresentationContext> { [1] = Context }, 16384, 16384, new UserInformation(16384));

    // (0008,0018) SOP Instance UID, explicit VR little endian: enough of a data set for the store, which keeps bytes as sent.
    private static byte[] DataSet(string sop) =>
        [0x08, 0x00, 0x18, 0x00, (byte)'U', (byte)'I', (byte)sop.Length, 0x00, .. System.Text.Encoding.ASCII.GetBytes(sop)];

    [Fact]
    public async Task A_completed_store_is_visible_under_its_uid_and_its_temporary_name_is_gone()
    {
        using var work = new WorkFolder();
        using var store = new FolderStore(work.Path, preparedFiles: 2);

        await using (var sink = await store.BeginAsync(Association, Context, new CStoreRequest(1, CtImage, "1.2.3.4"), CancellationToken.None))
        {
            await sink.WriteAsync(DataSet("1.2.3.4"), CancellationToken.None);
            Assert.Equal(DimseStatus.Success, await sink.CompleteAsync(CancellationToken.None));
        }
        store.Dispose();

        Assert.Equal([Path.Combine(store.Directory, "1.2.3.4.dcm")], Directory.GetFiles(store.Directory));
        Assert.Empty(Directory.GetFiles(Path.Combine(store.Directory, FolderStore.IncomingFolder), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_crash_in_the_middle_of_a_store_leaves_no_visible_instance_and_the_next_start_removes_its_bytes()
    {
        using var work = new WorkFolder();
        var crashed = new FolderStore(work.Path, preparedFiles: 2);
        // The process dies here: the sink is never completed nor disposed, the store never disposed.
        var sink = await crashed.BeginAsync(Association, Context, new CStoreRequest(1, CtImage, "1.2.3.5"), CancellationToken.None);
        await sink.WriteAsync(DataSet("1.2.3.5"), CancellationToken.None);
        await sink.WriteAsync(new byte[100_000], CancellationToken.None); // past the file's buffer, so on disk
        var incoming = Path.Combine(work.Path, FolderStore.IncomingFolder);
        Assert.Contains(Directory.GetFiles(incoming, "*", SearchOption.AllDirectories), f => new FileInfo(f).Length > 0);

        Assert.Empty(Directory.GetFiles(work.Path));
        using var restarted = new FolderStore(work.Path, preparedFiles: 2);

        Assert.Empty(Directory.GetFiles(work.Path));
        Assert.DoesNotContain(Directory.GetFiles(incoming, "*", SearchOption.AllDirectories), f => new FileInfo(f).Length > 0);
        Assert.Null(restarted.Index.PathOf("1.2.3.5"));
        crashed.Dispose();
    }
}
