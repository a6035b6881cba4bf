namespace Peake.Cli.Tests.Infrastructure;

/// <summary>Waits for a condition with a deadline instead of sleeping a guessed time; says what it last saw.</summary>
internal static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var last = await probe();
            if (condition(last))
            {
                return last;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within {timeout}; last seen:\n{last}");
            await Task.Delay(250);
        }
    }
}
