using Peake.Dicom.Network.Server;

namespace Peake.Ingest.Associations;

/// <summary>A C-STORE refused before any byte was kept: its data set is read and dropped, then the status answered.</summary>
internal sealed class RefusedStoreSink(ushort status, string comment) : IIngestSink
{
    public string? ErrorComment { get; } = comment.Length > 64 ? comment[..64] : comment;

    public string? Reason => comment;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<ushort> CompleteAsync(CancellationToken cancellationToken) => ValueTask.FromResult(status);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
