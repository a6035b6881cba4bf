using System.Text.Json.Nodes;

namespace Peake.Cli.Ops;

/// <summary>
/// `peake cluster leave ADDR`, `peake cluster down ADDR` and `peake cluster down-unreachable`: PUT
/// /cluster/members/{address} with Leave or Down. Leave is the graceful way (the member hands its shards over);
/// Down is for a member that is gone and will not say goodbye.
/// </summary>
internal static class MemberCommands
{
    public static int Leave(string[] args, TextWriter stdout) => One("cluster leave", "Leave", args, stdout);

    public static int Down(string[] args, TextWriter stdout) => One("cluster down", "Down", args, stdout);

    /// <summary>Downs every member the answering node sees unreachable, on that same node.</summary>
    public static int DownUnreachable(string[] args, TextWriter stdout)
    {
        var a = OpsArguments.Parse(args);
        if (a.Positional.Count != 0)
        {
            throw new UsageException("takes no arguments");
        }

        return OpsCommand.Run("cluster down-unreachable", a, async (client, ct) =>
        {
            var doc = await client.GetAsync("/cluster/members", "the node has no /cluster/members endpoint", ct);
            var targets = JsonFields.Items(doc, "unreachable").Select(u => JsonFields.Text(u, "address"))
                .Concat(JsonFields.Items(doc, "members")
                    .Where(m => JsonFields.Flag(m, "reachable") == false)
                    .Select(m => JsonFields.Text(m, "address")))
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var downed = new JsonArray();
            var failed = new JsonArray();
            foreach (var address in targets)
            {
                try
                {
                    var answer = await client.PutAsync(MemberPath(address), new JsonObject { ["operation"] = "Down" }, $"no member {address}", ct);
                    downed.Add(address);
                    if (!a.Switch("--json"))
                    {
                        stdout.WriteLine($"downed {address}: {JsonFields.Text(answer, "message") ?? "accepted"}");
                    }
                }
                catch (ManagementException e)
                {
                    failed.Add(new JsonObject { ["address"] = address, ["error"] = e.Message });
                    Console.Error.WriteLine($"peake cluster down-unreachable: {address}: {e.Message}");
                }
            }

            if (a.Switch("--json"))
            {
                OpsCommand.WriteJson(stdout, new JsonObject { ["node"] = client.Node, ["downed"] = downed, ["failed"] = failed });
            }
            else
            {
                stdout.WriteLine(targets.Count == 0
                    ? $"no unreachable members (as seen by {client.Node})"
                    : $"downed {downed.Count} of {targets.Count} unreachable members (as seen by {client.Node})");
            }

            return failed.Count == 0 ? 0 : CommandTable.ExitFailure;
        });
    }

    /// <summary>The address is one path segment: escaped whole, ':' '/' and '@' included.</summary>
    internal static string MemberPath(string address) => $"/cluster/members/{Uri.EscapeDataString(address)}";

    private static int One(string words, string operation, string[] args, TextWriter stdout)
    {
        var a = OpsArguments.Parse(args);
        if (a.Positional.Count != 1)
        {
            throw new UsageException("needs the member's ADDRESS (as `peake cluster show` lists it, or its HOST:PORT)");
        }

        // The full Akka address or its host:port part: the node resolves either against its own view.
        var address = a.Positional[0];
        if (!address.Contains(':', StringComparison.Ordinal))
        {
            throw new UsageException($"'{address}' is not a member address (like akka.tcp://peake@127.0.0.1:4053 or 127.0.0.1:4053)");
        }

        return OpsCommand.Run(words, a, async (client, ct) =>
        {
            var answer = await client.PutAsync(MemberPath(address), new JsonObject { ["operation"] = operation }, $"no member {address}", ct);
            if (a.Switch("--json"))
            {
                OpsCommand.WriteJson(stdout, answer);
            }
            else
            {
                stdout.WriteLine(JsonFields.Text(answer, "message") ?? $"{operation} of {address} accepted by {client.Node}");
            }

            return 0;
        });
    }
}
