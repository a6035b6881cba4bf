namespace Peake.Query.Projection;

/// <summary>One journal event as the projection applies it: its global offset (ordering), its study journal and sequence number.</summary>
internal sealed record ProjectedEvent(long Offset, string PersistenceId, long SequenceNr, object Event);
