using System.Runtime.CompilerServices;
using System.Text.Json;
using Akka.Actor;
using Xunit;

namespace Peake.Testing;

/// <summary>
/// Bounded polling: a condition must hold before a deadline, or the test fails naming what was awaited (and the last
/// value or error seen). Used instead of sleeping a guessed time. A probe that times out, is cancelled, finds a server
/// not listening yet or reads a half-written answer counts as "not yet": it is asked again until the deadline. The
/// condition is always asked at least once, and again every <see cref="Poll"/> until it holds.
/// </summary>
public static class Eventually
{
    /// <summary>The pause between two probes: short next to any deadline, long enough not to busy the two cores.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static Task Until(Func<bool> condition, TimeSpan within,
        [CallerArgumentExpression(nameof(condition))] string what = "") =>
        Until(_ => Task.FromResult(condition()), held => held, within, what);

    public static Task Until(Func<Task<bool>> condition, TimeSpan within,
        [CallerArgumentExpression(nameof(condition))] string what = "") =>
        Until(_ => condition(), held => held, within, what);

    /// <summary>Probes until <paramref name="holds"/> accepts a value, then returns that value.</summary>
    public static Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> holds, TimeSpan within,
        [CallerArgumentExpression(nameof(holds))] string what = "") =>
        Until(_ => probe(), holds, within, what);

    /// <summary>As <see cref="Until{T}(Func{Task{T}}, Func{T, bool}, TimeSpan, string)"/>, the probe given a token cancelled at the deadline.</summary>
    public static async Task<T> Until<T>(Func<CancellationToken, Task<T>> probe, Func<T, bool> holds, TimeSpan within,
        [CallerArgumentExpression(nameof(holds))] string what = "")
    {
        using var deadline = new CancellationTokenSource(within > TimeSpan.Zero ? within : TimeSpan.Zero);
        T last = default!;
        Exception? lastError = null;
        while (true)
        {
            try
            {
                last = await probe(deadline.Token);
                if (holds(last))
                    return last;
                lastError = null;
            }
            catch (Exception e) when (NotYet(e))
            {
                lastError = e;
            }
            if (deadline.IsCancellationRequested)
                break;
            await Task.Delay(Poll, CancellationToken.None);
        }
        Assert.Fail($"Not true within {within.TotalSeconds:0.#} s: {what} (last: {(object?)lastError?.Message ?? last}).");
        return last;
    }

    private static bool NotYet(Exception e) =>
        e is TimeoutException or OperationCanceledException or HttpRequestException or JsonException or AskTimeoutException;
}
