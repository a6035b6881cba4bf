namespace Peake.Cli;

/// <summary>Splits a command's arguments into positional values and "--name value" options.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> _options = [];

    public Arguments(string[] args, params string[] optionsWithValue)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                if (!optionsWithValue.Contains(a))
                {
                    throw new UsageException($"unknown option '{a}'");
                }

                if (i + 1 >= args.Length)
                {
                    throw new UsageException($"option '{a}' needs a value");
                }

                _options[a] = args[++i];
            }
            else
            {
                Positional.Add(a);
            }
        }
    }

    public List<string> Positional { get; } = [];

    public string? Option(string name) => _options.GetValueOrDefault(name);
}
