using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Association;

/// <summary>
/// The acceptor's answer to C-FIND extended negotiation (PS3.4 C.5.1.1.2, Table C.5-1/C.5-2): byte 1 relational
/// queries, byte 2 combined datetime matching, byte 3 fuzzy semantic matching of person names, byte 4 timezone query
/// adjustment; 1 = asked for / agreed. Only combined datetime matching is offered: relational queries are not promised
/// (the lenient hierarchy is no full relational search), fuzzy and timezone adjustment are not done. Each byte is
/// answered (0 where refused) for as many bytes as the requestor sent, up to four.
/// </summary>
internal static class QueryExtendedNegotiation
{
    private const int CombinedDateTimeByte = 1;

    /// <summary>The 56H sub-items to put in the A-ASSOCIATE-AC, and the FIND SOP classes with combined datetime matching.</summary>
    public static (List<RawSubItem> Replies, HashSet<string> CombinedDateTime) Answer(UserInformation request, Func<string, bool> served)
    {
        var replies = new List<RawSubItem>();
        var combined = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in request.Other)
        {
            if (SopClassExtendedNegotiation.From(raw) is not { } item
                || item.SopClassUid is not (CFindRequest.PatientRootSopClassUid or CFindRequest.StudyRootSopClassUid)
                || !served(item.SopClassUid) || !seen.Add(item.SopClassUid))
            {
                continue;
            }

            var asked = item.ApplicationInformation.Span;
            var answer = new byte[Math.Min(asked.Length, 4)];
            if (answer.Length > CombinedDateTimeByte && asked[CombinedDateTimeByte] == 1)
            {
                answer[CombinedDateTimeByte] = 1;
                combined.Add(item.SopClassUid);
            }

            replies.Add(new SopClassExtendedNegotiation(item.SopClassUid, answer).ToRawSubItem());
        }

        return (replies, combined);
    }
}
