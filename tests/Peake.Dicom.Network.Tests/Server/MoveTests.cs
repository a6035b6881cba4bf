using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>dcmtk's movescu against our SCP's C-MOVE (PS3.4 C.4.2): the matches go to a dcmtk storescp.</summary>
public sealed class MoveTests(RetrieveArchive archive) : IClassFixture<RetrieveArchive>
{
    [Fact]
    public async Task Study_level_move_sends_every_instance_of_the_study_to_the_destination_byte_identical()
    {
        var result = await archive.MoveAsync("-S", "STORESCP", "QueryRetrieveLevel=STUDY", $"StudyInstanceUID={RetrieveArchive.Study("1")}");

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] sops = [RetrieveArchive.Sop("1.1.1"), RetrieveArchive.Sop("1.1.2"), RetrieveArchive.Sop("1.2.1")];
        // storescp has answered every C-STORE-RSP before movescu saw the final response, so its files are written.
        await Eventually.Until(() => Directory.GetFiles(archive.MoveDestinationDirectory).Length >= sops.Length, TimeSpan.FromSeconds(10));
        var files = Directory.GetFiles(archive.MoveDestinationDirectory);
        var bySop = files.ToDictionary(Part10.SopInstanceUid, f => f);
        Assert.Equal(sops, bySop.Keys.Order(StringComparer.Ordinal));
        foreach (var sop in sops)
        {
            Assert.Equal(Part10.DataSetBytes(archive.Sources[sop]), Part10.DataSetBytes(bySop[sop]));
        }
        // One pending response after each sub-operation but the last, then the final one.
        Assert.Contains("Received Move Response 2 (Pending)", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Received Final Move Response (Success)", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_destination_taking_implicit_only_gets_explicit_instances_converted_and_compressed_ones_listed_as_failed()
    {
        var result = await archive.MoveAsync("-S", RetrieveArchive.ImplicitDestination, "QueryRetrieveLevel=STUDY", $@"StudyInstanceUID={RetrieveArchive.Study("2")}\{RetrieveArchive.Study(RetrieveArchive.CompressedStudy)}");

        var log = result.StandardError + result.StandardOutput;
        // B000H: two completed, the JPEG one failed (no context fits and there is no codec to decompress it).
        Assert.True(log.Contains("Final Move Response (Warning: SubOperationsCompleteOneOrMoreFailures)", StringComparison.Ordinal), log);
        string[] sops = [RetrieveArchive.Sop("2.1.1"), RetrieveArchive.Sop("2.1.2")];
        await Eventually.Until(() => Directory.GetFiles(archive.ImplicitDestinationDirectory).Length >= sops.Length, TimeSpan.FromSeconds(10));
        var bySop = Directory.GetFiles(archive.ImplicitDestinationDirectory).ToDictionary(Part10.SopInstanceUid, f => f);
        Assert.Equal(sops, bySop.Keys.Order(StringComparer.Ordinal));
        foreach (var sop in sops)
        {
            Assert.Equal("1.2.840.10008.1.2", Part10.TransferSyntax(bySop[sop]));
            GetTests.AssertSameValues(archive.Sources[sop], bySop[sop]);
        }
    }

    [Fact]
    public async Task A_move_identifier_with_a_non_unique_key_is_refused_with_A900()
    {
        var result = await archive.MoveAsync("-S", "STORESCP", "QueryRetrieveLevel=STUDY", $"StudyInstanceUID={RetrieveArchive.Study("2")}", "PatientName=DOE*");

        Assert.Contains("Final Move Response (Error: DataSetDoesNotMatchSOPClass)", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_to_an_unknown_destination_is_refused_with_A801()
    {
        var result = await archive.MoveAsync("-S", "NOWHERE", "QueryRetrieveLevel=STUDY", $"StudyInstanceUID={RetrieveArchive.Study("2")}");

        Assert.Contains("Final Move Response (Refused: MoveDestinationUnknown)", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(
            Directory.GetFiles(archive.MoveDestinationDirectory).Select(Part10.SopInstanceUid),
            sop => sop.StartsWith(RetrieveArchive.Sop("2."), StringComparison.Ordinal));
    }
}
