using System.Text.Json.Nodes;

namespace Peake.Cli.Ops;

/// <summary>
/// `peake patient locate|link|unlink|merge`: the master person index through a node (ADR 0016). Each prints the
/// person's view the node answers with (the target's after link, the new person's after unlink, the survivor's after
/// merge); --json prints that document unchanged.
/// </summary>
internal static class PatientCommands
{
    public const string IdentifierUsage = "--issuer I --patient-id P";

    public static int Locate(string[] args, TextWriter stdout)
    {
        var a = OpsArguments.Parse(args, "--issuer", "--patient-id");
        string path, notFound;
        if (a.Positional.Count == 1)
        {
            if (a.Option("--issuer") is not null || a.Option("--patient-id") is not null)
            {
                throw new UsageException($"give a master ID or {IdentifierUsage}, not both");
            }

            var id = MasterId(a.Positional[0]);
            (path, notFound) = ($"/patients/{id}", $"no patient with master id {id}");
        }
        else if (a.Positional.Count == 0)
        {
            var (issuer, patientId) = Identifier(a);
            path = $"/patients?issuer={Uri.EscapeDataString(issuer)}&patientId={Uri.EscapeDataString(patientId)}";
            notFound = $"no patient with patient id '{patientId}' of issuer '{issuer}'";
        }
        else
        {
            throw new UsageException($"needs one master ID or {IdentifierUsage}");
        }

        return OpsCommand.Run("patient locate", a, async (client, ct) =>
            Print(stdout, a, await client.GetAsync(path, notFound, ct)));
    }

    public static int Link(string[] args, TextWriter stdout)
    {
        var a = OpsArguments.Parse(args, "--issuer", "--patient-id", "--to");
        NoPositional(a);
        var (issuer, patientId) = Identifier(a);
        var to = MasterId(a.Option("--to") ?? throw new UsageException("needs --to MASTER (the person to link the identifier to)"));
        var body = new JsonObject { ["issuer"] = issuer, ["patientId"] = patientId, ["masterId"] = to };
        return OpsCommand.Run("patient link", a, async (client, ct) =>
            Print(stdout, a, await client.PostAsync("/patients/link", body, $"no patient with master id {to}, or no identifier '{patientId}' of issuer '{issuer}'", ct)));
    }

    public static int Unlink(string[] args, TextWriter stdout)
    {
        var a = OpsArguments.Parse(args, "--issuer", "--patient-id");
        NoPositional(a);
        var (issuer, patientId) = Identifier(a);
        var body = new JsonObject { ["issuer"] = issuer, ["patientId"] = patientId };
        return OpsCommand.Run("patient unlink", a, async (client, ct) =>
            Print(stdout, a, await client.PostAsync("/patients/unlink", body, $"no identifier '{patientId}' of issuer '{issuer}'", ct)));
    }

    public static int Merge(string[] args, TextWriter stdout)
    {
        var a = OpsArguments.Parse(args);
        if (a.Positional.Count != 2)
        {
            throw new UsageException("needs SURVIVOR and MERGED (two master ids)");
        }

        var (survivor, merged) = (MasterId(a.Positional[0]), MasterId(a.Positional[1]));
        if (survivor == merged)
        {
            throw new UsageException("SURVIVOR and MERGED are the same person");
        }

        var body = new JsonObject { ["survivor"] = survivor, ["merged"] = merged };
        return OpsCommand.Run("patient merge", a, async (client, ct) =>
            Print(stdout, a, await client.PostAsync("/patients/merge", body, $"no patient with master id {survivor} or {merged}", ct)));
    }

    /// <summary>32 hex digits; an operator may paste them in upper case, the index spells them in lower case.</summary>
    private static string MasterId(string text) =>
        text.Length == 32 && text.All(char.IsAsciiHexDigit)
            ? text.ToLowerInvariant()
            : throw new UsageException($"'{text}' is not a master patient id (32 hex digits)");

    private static (string Issuer, string PatientId) Identifier(Arguments a)
    {
        // The issuer may be empty (ADR 0016: an MRN without an issuer), but it must be said: an operator who forgets
        // it would otherwise act on another hospital's MRN.
        var issuer = a.Option("--issuer") ?? throw new UsageException($"needs {IdentifierUsage} (--issuer \"\" for none)");
        var patientId = a.Option("--patient-id");
        return string.IsNullOrWhiteSpace(patientId)
            ? throw new UsageException($"needs {IdentifierUsage} with a non-empty patient id")
            : (issuer, patientId);
    }

    private static void NoPositional(Arguments a)
    {
        if (a.Positional.Count != 0)
        {
            throw new UsageException($"unexpected argument '{a.Positional[0]}'");
        }
    }

    private static int Print(TextWriter stdout, Arguments a, JsonNode view)
    {
        if (a.Switch("--json"))
        {
            OpsCommand.WriteJson(stdout, view);
            return 0;
        }

        var site = JsonFields.Text(view, "site");
        var fields = new TextTable("FIELD", "VALUE");
        fields.Add("master id", JsonFields.Text(view, "masterId"));
        fields.Add("home site", JsonFields.Text(view, "homeSite"));
        fields.Add("hosted at", JsonFields.Text(view, "address") is { } address ? $"{address}{(site is null ? "" : $" ({site})")}" : null);
        fields.Add("name", JsonFields.Text(view, "name"));
        fields.Add("birth date", JsonFields.Text(view, "birthDate"));
        fields.Add("sex", JsonFields.Text(view, "sex"));
        fields.Add("merged into", JsonFields.Text(view, "mergedInto"));
        fields.WriteTo(stdout);
        var identifiers = new TextTable("ISSUER", "PATIENT ID");
        foreach (var i in JsonFields.Items(view, "identifiers"))
        {
            identifiers.Add(JsonFields.Text(i, "issuer") is { Length: > 0 } issuer ? issuer : "(none)", JsonFields.Text(i, "patientId"));
        }

        stdout.WriteLine();
        identifiers.WriteTo(stdout);
        stdout.WriteLine($"{identifiers.Count} identifiers");
        return 0;
    }
}
