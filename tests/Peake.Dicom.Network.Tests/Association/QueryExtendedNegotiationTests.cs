using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Tests.Association;

public sealed class QueryExtendedNegotiationTests
{
    [Fact]
    public void Combined_datetime_is_agreed_only_for_a_served_FIND_class_that_asks_for_it_and_other_bytes_are_refused()
    {
        var request = new UserInformation(16384, Other:
        [
            new SopClassExtendedNegotiation(CFindRequest.StudyRootSopClassUid, new byte[] { 1, 1, 1, 1, 1 }).ToRawSubItem(),
            new SopClassExtendedNegotiation(CFindRequest.PatientRootSopClassUid, new byte[] { 1 }).ToRawSubItem(),
            new SopClassExtendedNegotiation("1.2.840.10008.5.1.4.1.2.2.3", new byte[] { 1, 1 }).ToRawSubItem(),
            new RawSubItem(SopClassExtendedNegotiation.ItemType, new byte[] { 0xFF }),
        ]);

        var (replies, combined) = QueryExtendedNegotiation.Answer(request, _ => true);

        Assert.Equal([CFindRequest.StudyRootSopClassUid], combined);
        var answers = replies.Select(SopClassExtendedNegotiation.From).ToList();
        Assert.Equal([CFindRequest.StudyRootSopClassUid, CFindRequest.PatientRootSopClassUid], answers.Select(a => a!.SopClassUid));
        // Relational queries, fuzzy matching and timezone adjustment are not offered.
        Assert.Equal(new byte[] { 0, 1, 0, 0 }, answers[0]!.ApplicationInformation.ToArray());
        Assert.Equal(new byte[] { 0 }, answers[1]!.ApplicationInformation.ToArray());
    }

    [Fact]
    public void A_class_not_served_gets_no_answer()
    {
        var request = new UserInformation(16384, Other: [new SopClassExtendedNegotiation(CFindRequest.StudyRootSopClassUid, new byte[] { 0, 1 }).ToRawSubItem()]);

        var (replies, combined) = QueryExtendedNegotiation.Answer(request, _ => false);

        Assert.Empty(replies);
        Assert.Empty(combined);
    }
}
