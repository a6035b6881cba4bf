namespace Peake.Cli;

/// <summary>
/// Splits a command's arguments into positional values, options with a value (which may repeat, e.g. `-k Key=Value`)
/// and switches without one. Anything else starting with "--" is an unknown option.
/// </summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, List<string>> _options = [];
    private readonly HashSet<string> _switches = [];

    public Arguments(string[] args, params string[] optionsWithValue)
        : this(args, optionsWithValue, [])
    {
    }

    public Arguments(string[] args, IReadOnlyCollection<string> optionsWithValue, IReadOnlyCollection<string> switches)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (optionsWithValue.Contains(a))
            {
                if (i + 1 >= args.Length)
                {
                    throw new UsageException($"option '{a}' needs a value");
                }

                if (!_options.TryGetValue(a, out var values))
                {
                    _options[a] = values = [];
                }

                values.Add(args[++i]);
            }
            else if (switches.Contains(a))
            {
                _switches.Add(a);
            }
            else if (a.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unknown option '{a}'");
            }
            else
            {
                Positional.Add(a);
            }
        }
    }

    public List<string> Positional { get; } = [];

    /// <summary>The value of an option given once (the last one when repeated), or null.</summary>
    public string? Option(string name) => _options.TryGetValue(name, out var values) ? values[^1] : null;

    /// <summary>Every value of a repeatable option, in order.</summary>
    public IReadOnlyList<string> Values(string name) => _options.TryGetValue(name, out var values) ? values : [];

    public bool Switch(string name) => _switches.Contains(name);
}
