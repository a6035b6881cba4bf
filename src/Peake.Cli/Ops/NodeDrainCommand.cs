using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Peake.Cli.Ops;

/// <summary>
/// `peake node drain ADDR [--wait]`: asks the replication coordinator to move every copy off a node before it is
/// retired (POST /nodes/{address}/drain): each blob is copied to another node first and only then deleted there, so
/// no instance drops below three copies. The coordinator may refuse (409: too few other nodes or sites, or not
/// enough space). --wait polls GET /nodes/{address}/drain until no copy is left (bounded by --wait-timeout, default
/// one hour), then says how to retire the node. --json prints the node's last document.
/// </summary>
internal static class NodeDrainCommand
{
    public const string Words = "node drain";

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public static int Run(string[] args, TextWriter stdout)
    {
        var a = OpsArguments.Parse(args, ["--wait-timeout"], ["--wait"]);
        if (a.Positional.Count != 1)
        {
            throw new UsageException("needs the ADDRESS of the node to drain (its Akka address or HOST:PORT)");
        }

        var address = a.Positional[0];
        var limit = OpsArguments.Seconds(a, "--wait-timeout", TimeSpan.FromHours(1));

        var json = a.Switch("--json");
        var path = $"/nodes/{Uri.EscapeDataString(address)}/drain";
        return OpsCommand.Run(Words, a, async (client, ct) =>
        {
            var accepted = await client.PostAsync(path, new JsonObject(), $"no member {address}", ct);
            var node = JsonFields.Text(accepted, "address") ?? address;
            if (!a.Switch("--wait"))
            {
                if (json)
                {
                    OpsCommand.WriteJson(stdout, accepted);
                }
                else
                {
                    stdout.WriteLine($"draining {node}: {JsonFields.Long(accepted, "copies")?.ToString(CultureInfo.InvariantCulture) ?? "?"} copies to move elsewhere (follow with: peake node drain {node} --wait)");
                }

                return 0;
            }

            var clock = Stopwatch.StartNew();
            long? last = null;
            while (true)
            {
                var progress = await client.GetAsync(path, $"no drain of {node}", ct);
                var remaining = JsonFields.Long(progress, "remaining");
                if (JsonFields.Flag(progress, "done") == true)
                {
                    if (json)
                    {
                        OpsCommand.WriteJson(stdout, progress);
                    }
                    else
                    {
                        stdout.WriteLine($"drained {node}: no copies left on it; retire it with: peake cluster leave {node}");
                    }

                    return 0;
                }

                if (!json && remaining != last)
                {
                    stdout.WriteLine($"draining {node}: {remaining?.ToString(CultureInfo.InvariantCulture) ?? "?"} copies left");
                    last = remaining;
                }

                if (clock.Elapsed > limit)
                {
                    throw new ManagementException($"{node} still holds {remaining?.ToString(CultureInfo.InvariantCulture) ?? "some"} copies after {limit.TotalSeconds:0} s; the drain goes on (check again with --wait)");
                }

                await Task.Delay(Poll, ct);
            }
        });
    }
}
