using System.Globalization;

namespace Peake.Cli.Dicom;

/// <summary>Who a client command talks to: "HOST PORT" positionals and the --aet (calling) / --aec (called) AE titles.</summary>
internal sealed record NetworkPeer(string Host, int Port, string CallingAeTitle, string CalledAeTitle)
{
    public const string DefaultCallingAeTitle = "PEAKE";

    /// <summary>dcmtk's default called AE title: most SCPs configured to accept any called AE also accept this one.</summary>
    public const string DefaultCalledAeTitle = "ANY-SCP";

    public static NetworkPeer From(Arguments arguments)
    {
        if (arguments.Positional.Count < 2)
        {
            throw new UsageException("needs HOST and PORT");
        }

        return new NetworkPeer(
            arguments.Positional[0],
            ParsePort(arguments.Positional[1], allowZero: false),
            ParseAeTitle(arguments.Option("--aet") ?? DefaultCallingAeTitle, "--aet"),
            ParseAeTitle(arguments.Option("--aec") ?? DefaultCalledAeTitle, "--aec"));
    }

    public override string ToString() => $"{CalledAeTitle}@{Host}:{Port}";

    public static int ParsePort(string value, bool allowZero) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 && (allowZero || port > 0)
            ? port
            : throw new UsageException($"'{value}' is not a TCP port number");

    /// <summary>PS3.5 6.2 (AE): at most 16 characters of printable ASCII without backslash, not only spaces.</summary>
    public static string ParseAeTitle(string value, string option)
    {
        var valid = value.Length <= 16 && value.Trim(' ').Length > 0 && value.All(c => c is >= ' ' and <= '~' and not '\\');
        return valid ? value.Trim(' ') : throw new UsageException($"{option} '{value}' is not an AE title (1-16 printable ASCII characters, no backslash)");
    }
}
