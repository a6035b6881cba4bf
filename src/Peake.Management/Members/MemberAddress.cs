using Akka.Cluster;

namespace Peake.Management.Members;

/// <summary>
/// Finds the member a route's {address} names. Accepted: the full Akka address ("akka.tcp://peake@10.0.0.5:4053",
/// URL-encoded or not) or its "host:port" part, which is unique within one cluster and easier to type.
/// </summary>
internal static class MemberAddress
{
    public static Member? Find(IEnumerable<Member> members, string text)
    {
        var wanted = Uri.UnescapeDataString(text).Trim();
        if (wanted.Length == 0)
            return null;
        return members.FirstOrDefault(m => string.Equals(m.Address.ToString(), wanted, StringComparison.OrdinalIgnoreCase))
            ?? members.FirstOrDefault(m => string.Equals($"{m.Address.Host}:{m.Address.Port}", wanted, StringComparison.OrdinalIgnoreCase));
    }
}
