using Peake.Dicom;
using Peake.Dicom.Network.Query;

namespace Peake.DicomWeb.Search;

/// <summary>
/// A parsed QIDO-RS request: the C-FIND query it stands for (Study Root, level from the route, path UIDs as unique keys,
/// matching and return keys), the paging and what the client asked for beyond the required attributes.
/// </summary>
/// <param name="Requested">Top-level attributes the client named (as a match key or includefield): returned even when empty.</param>
/// <param name="Limit">The client's <c>limit</c>, null when absent.</param>
internal sealed record QidoSearch(
    CFindQuery Query,
    IReadOnlySet<DicomTag> Requested,
    bool IncludeAll,
    int? Limit,
    int Offset,
    bool FuzzyMatchingRequested);
