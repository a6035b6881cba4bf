using Peake.Dicom.Network.Dimse;

namespace Peake.Dicom.Network.Tests.Dimse;

/// <summary>C-GET-RSP and C-MOVE-RSP announcing an identifier (PS3.7 E.1; PS3.4 C.4.2.1.4, C.4.3.1.4).</summary>
public sealed class RetrieveResponseCodecTests
{
    [Fact]
    public void A_final_get_response_with_failed_instances_says_a_data_set_follows_and_decodes_so()
    {
        var rsp = new CGetResponse(7, CGetRequest.StudyRootSopClassUid, CGetStatus.CompletedWithFailures, null, 1, 1, 0) { HasIdentifier = true };

        var decoded = Assert.IsType<CGetResponse>(DimseCommandCodec.Decode(DimseCommandCodec.Encode(rsp)));

        Assert.True(decoded.HasDataSet);
        Assert.Equal((CGetStatus.CompletedWithFailures, (ushort?)1, (ushort?)1), (decoded.Status, decoded.Completed, decoded.Failed));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_move_response_keeps_whether_an_identifier_follows(bool hasIdentifier)
    {
        var rsp = new CMoveResponse(3, CMoveRequest.PatientRootSopClassUid, CGetStatus.UnableToPerformSubOperations, null, 0, 2, 0) { HasIdentifier = hasIdentifier };

        var decoded = Assert.IsType<CMoveResponse>(DimseCommandCodec.Decode(DimseCommandCodec.Encode(rsp)));

        Assert.Equal(hasIdentifier, decoded.HasDataSet);
        Assert.Equal(CGetStatus.UnableToPerformSubOperations, decoded.Status);
    }
}
