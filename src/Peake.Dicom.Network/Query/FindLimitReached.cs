namespace Peake.Dicom.Network.Query;

/// <summary>A C-FIND stopped at the server's result limit: who asked, at what level, after how many matches.</summary>
public sealed record FindLimitReached(QueryContext Caller, QueryLevel Level, int Matches);
