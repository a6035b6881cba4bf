using System.Text.Json;
using System.Text.Json.Nodes;

namespace Peake.Cli.Ops;

/// <summary>
/// Runs an ops command against the cluster: resolves the target, and turns a failed management call into one line on
/// standard error and exit code 1 (usage errors stay with the command table: exit code 2).
/// </summary>
internal static class OpsCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static int Run(string words, Arguments a, Func<ManagementClient, CancellationToken, Task<int>> body)
    {
        try
        {
            using var client = new ManagementClient(OpsArguments.Target(a));
            return body(client, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (ManagementException e)
        {
            Console.Error.WriteLine($"peake {words}: {e.Message}");
            return CommandTable.ExitFailure;
        }
    }

    public static void WriteJson(TextWriter stdout, JsonNode node) => stdout.WriteLine(node.ToJsonString(Indented));

    /// <summary>
    /// A read-only command without arguments: GET <paramref name="path"/> from a node and print the document as it is
    /// (--json) or as <paramref name="writeTable"/> lays it out for people.
    /// </summary>
    public static int Show(string words, string[] args, TextWriter stdout, string path, Action<TextWriter, JsonNode> writeTable)
    {
        var a = OpsArguments.Parse(args);
        if (a.Positional.Count != 0)
        {
            throw new UsageException("takes no arguments");
        }

        return Run(words, a, async (client, ct) =>
        {
            var doc = await client.GetAsync(path, $"the node has no {path} endpoint", ct);
            if (a.Switch("--json"))
            {
                WriteJson(stdout, doc);
            }
            else
            {
                writeTable(stdout, doc);
            }

            return 0;
        });
    }
}
