using System.Collections.Immutable;

namespace Peake.Replication.Nodes;

/// <summary>
/// The snapshot behind <see cref="INodeDirectory"/>; its actor (<c>/user/node-directory</c>) replaces it whenever
/// membership changes or a refresh answers. Readers never lock: they read one immutable snapshot.
/// </summary>
public sealed class NodeDirectory : INodeDirectory
{
    private volatile ImmutableDictionary<string, NodeInfo> _live = ImmutableDictionary<string, NodeInfo>.Empty.WithComparers(StringComparer.Ordinal);
    private volatile IReadOnlyList<NodeInfo> _list = [];

    public IReadOnlyList<NodeInfo> Live => _list;

    public NodeInfo? Find(string address) => _live.GetValueOrDefault(address);

    public async Task<IReadOnlyList<NodeInfo>> WaitForAsync(int count, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        while (_list.Count < count)
        {
            try
            {
                await Task.Delay(50, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"{_list.Count} of {count} nodes live after {timeout}");
            }
        }
        return _list;
    }

    internal void Publish(ImmutableDictionary<string, NodeInfo> live)
    {
        _live = live;
        _list = [.. live.Values.OrderBy(n => n.Address, StringComparer.Ordinal)];
    }
}
