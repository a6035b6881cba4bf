using Akka.Actor;
using Akka.Persistence;

namespace Peake.Management.Health;

/// <summary>
/// Asks the default journal for the highest sequence number of a persistence id nobody uses. That goes through the
/// configured plugin to its database (a real query on SQLite or PostgreSQL), whatever the plugin is, and answers
/// <see cref="RecoverySuccess"/> or <see cref="ReplayMessagesFailure"/> with the database's error.
/// </summary>
internal sealed class JournalCheck(ActorSystem system) : IReadyCheck
{
    private const string ProbeId = "peake-ready-probe";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public string Name => "journal";

    public async Task<string?> FailureAsync(CancellationToken cancellationToken)
    {
        try
        {
            var journal = Persistence.Instance.Apply(system).JournalFor(null);
            // max = 0: read the highest sequence number only, replay nothing.
            var answer = await journal.Ask<object>(
                replyTo => new ReplayMessages(1, long.MaxValue, 0, ProbeId, replyTo), Timeout, cancellationToken);
            return answer switch
            {
                RecoverySuccess => null,
                ReplayMessagesFailure failure => $"journal query failed: {failure.Cause.Message}",
                _ => $"journal answered {answer.GetType().Name}",
            };
        }
        catch (AskTimeoutException)
        {
            // A plugin that fails to initialise (database file or server unreachable) never answers: its error is
            // in the node's log.
            return $"journal did not answer within {Timeout.TotalSeconds:0} s (see the node's log for the plugin's error)";
        }
    }
}
