using Peake.Dicom.Network.Server;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

public sealed class PreparedFilesTests
{
    [Fact]
    public async Task Never_hands_out_the_same_file_twice_and_deletes_the_unused_ones_on_dispose()
    {
        using var work = new WorkFolder();
        var folder = Path.Combine(work.Path, ".incoming");
        var taken = new List<FileStream>();
        using (var pool = new PreparedFiles(folder, capacity: 4))
        {
            // Let the pool fill, then take more than it holds from several threads at once.
            await Eventually.Until(() => Files(folder).Length >= 4, TimeSpan.FromSeconds(20));
            var batches = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Enumerable.Range(0, 10).Select(_ => pool.Take()).ToArray())));
            taken.AddRange(batches.SelectMany(b => b));
        }

        try
        {
            Assert.Equal(40, taken.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count());
            Assert.All(taken, f => Assert.Equal(0, f.Length));
            // Only the taken files are left: the pool's own were deleted when it stopped.
            Assert.Equal(taken.Select(f => f.Name).Order(StringComparer.Ordinal), Files(folder).Order(StringComparer.Ordinal));
        }
        finally
        {
            taken.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public void Deletes_the_leftovers_of_a_previous_run_when_it_starts()
    {
        using var work = new WorkFolder();
        var folder = Path.Combine(work.Path, ".incoming");
        Directory.CreateDirectory(Path.Combine(folder, "0"));
        var leftovers = new[] { Path.Combine(folder, "0", "a.part"), Path.Combine(folder, "b.part") };
        foreach (var leftover in leftovers)
        {
            File.WriteAllBytes(leftover, [1, 2, 3]);
        }

        using (new PreparedFiles(folder, capacity: 1))
        {
            Assert.All(leftovers, f => Assert.False(File.Exists(f), f));
        }
    }

    private static string[] Files(string folder) => Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
}
