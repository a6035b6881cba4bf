using Peake.Dicom;

namespace Peake.Cli;

/// <summary>
/// Finds the command named by the first words of the arguments and runs it. Expected failures (bad input files,
/// bad arguments) print one clear line on standard error and exit non-zero; nothing prints a stack trace.
/// </summary>
internal sealed class CommandTable(IReadOnlyList<Command> commands)
{
    public const int ExitFailure = 1;
    public const int ExitUsage = 2;

    public int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var command = commands
            .Where(c => Matches(c, args))
            .MaxBy(c => c.Words.Length);
        if (command is null)
        {
            if (args.Length > 0 && args[0] is not ("-h" or "--help" or "help"))
            {
                stderr.WriteLine($"peake: unknown command '{string.Join(' ', args.Take(2))}'");
                PrintUsage(stderr);
                return ExitUsage;
            }

            PrintUsage(stdout);
            return 0;
        }

        var rest = args[command.Words.Split(' ').Length..];
        try
        {
            return command.Run(rest, stdout);
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"peake {command.Words}: {e.Message}");
            stderr.WriteLine($"usage: peake {command.Words} {command.Usage}");
            return ExitUsage;
        }
        catch (Exception e) when (e is DicomParseException or DicomJsonException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"peake {command.Words}: {e.Message}");
            return ExitFailure;
        }
        catch (Exception e)
        {
            // Not an expected failure, so a bug: still one line, never a stack trace on an operator's terminal.
            stderr.WriteLine($"peake {command.Words}: internal error ({e.GetType().Name}): {e.Message}");
            return ExitFailure;
        }
        finally
        {
            stdout.Flush();
        }
    }

    private static bool Matches(Command command, string[] args)
    {
        var words = command.Words.Split(' ');
        return args.Length >= words.Length && words.Select((w, i) => args[i] == w).All(x => x);
    }

    private void PrintUsage(TextWriter w)
    {
        w.WriteLine("usage: peake <command> [arguments]");
        foreach (var c in commands)
        {
            w.WriteLine($"  peake {c.Words} {c.Usage}");
            w.WriteLine($"      {c.Help}");
        }
    }
}
