using Peake.Dicom.Network.Server;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

public sealed class EarlyWritebackTests
{
    [Fact]
    public void Starting_writeback_in_the_middle_of_a_file_changes_nothing_in_what_is_written()
    {
        using var work = new WorkFolder();
        var path = Path.Combine(work.Path, "f");
        var bytes = new byte[600_000];
        new Random(7).NextBytes(bytes);

        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            file.Write(bytes, 0, 300_000);
            file.Flush();
            EarlyWriteback.Start(file.SafeFileHandle);
            file.Write(bytes, 300_000, 300_000);
            file.Flush(flushToDisk: true);
        }

        Assert.Equal(bytes, File.ReadAllBytes(path));
    }
}
