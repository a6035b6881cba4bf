using System.Diagnostics;
using Peake.Dicom.Interop.Tests.Infrastructure;

namespace Peake.Dicom.Interop.Tests.Mutation;

/// <summary>
/// Damages every file of the dcmtk corpus many ways with a fixed seed (truncation, bit flips, hostile length fields,
/// deleted byte runs) and reads each mutant like a consumer would: parse, then dump every value to DICOM JSON. The
/// only exception allowed out is <see cref="DicomParseException"/>, and every case finishes within a time bound.
/// </summary>
[Collection(CorpusCollection.Name)]
public class CorpusMutationTests(CorpusFixture corpus)
{
    private const int Seed = 20261129;
    private const int MutantsPerFile = 40;
    private static readonly TimeSpan PerCaseBound = TimeSpan.FromSeconds(2);

    [Fact]
    public void Should_only_throw_DicomParseException_for_thousands_of_damaged_corpus_files()
    {
        var random = new Random(Seed);
        var cases = 0;
        var rejected = 0;
        var slowest = TimeSpan.Zero;
        foreach (var file in corpus.Files)
        {
            var valid = File.ReadAllBytes(file.Path);
            foreach (var mutant in Mutate(valid, random, MutantsPerFile))
            {
                cases++;
                var watch = Stopwatch.StartNew();
                try
                {
                    var parsed = DicomFile.Read(new MemoryStream(mutant), new DicomReadOptions { MaxInflatedLength = 64 << 20 });
                    _ = DicomJsonWriter.Serialize(parsed.Dataset);
                }
                catch (DicomParseException)
                {
                    rejected++;
                }
                catch (Exception e)
                {
                    Assert.Fail($"mutant {cases} of {file.Name}: {e.GetType().Name}: {e.Message}");
                }

                slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            }
        }

        Assert.True(cases >= 5000, $"only {cases} cases");
        Assert.True(slowest < PerCaseBound, $"slowest case took {slowest}");
        Assert.True(rejected > cases / 10, $"only {rejected} of {cases} mutants were rejected: the mutations are too weak");
    }

    private static IEnumerable<byte[]> Mutate(byte[] valid, Random random, int count)
    {
        uint[] hostileLengths = [0, 1, 3, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFF0, 0x7FFFFFFF, 0x80000000];
        for (var i = 0; i < count; i++)
        {
            var m = (byte[])valid.Clone();
            var body = Math.Min(132, m.Length - 1);
            switch (i % 4)
            {
                case 0:
                    yield return m[..random.Next(0, m.Length)];
                    break;
                case 1:
                    for (var k = random.Next(1, 10); k > 0; k--)
                    {
                        m[random.Next(body, m.Length)] ^= (byte)(1 << random.Next(8));
                    }

                    yield return m;
                    break;
                case 2:
                    var at = random.Next(body, Math.Max(body + 1, m.Length - 4));
                    BitConverter.GetBytes(hostileLengths[random.Next(hostileLengths.Length)]).CopyTo(m, Math.Min(at, m.Length - 4));
                    yield return m;
                    break;
                default:
                    var from = random.Next(body, m.Length);
                    var len = random.Next(1, 64);
                    yield return [.. m[..from], .. m[Math.Min(m.Length, from + len)..]];
                    break;
            }
        }
    }
}
