namespace Asynkit.Testing.Tests;

public sealed class LoopAssertTests
{
    [Fact]
    public void ThrowsAsync_ExpectedExceptionLater_ReturnsItOnTheLoop()
    {
        int thread = Environment.CurrentManagedThreadId;
        AsynkitLoop.Run(async () =>
        {
            LoopTask task = AsynkitLoop.Current!.CreateTask(async () =>
            {
                await Scheduling.Sleep(TimeSpan.FromSeconds(1));
                throw new InvalidDataException("late");
            });
            InvalidDataException error = await LoopAssert.ThrowsAsync<InvalidDataException>(task.Task);
            error.Message.ShouldBe("late");
            Environment.CurrentManagedThreadId.ShouldBe(thread);
        });
    }

    [Fact]
    public void ThrowsAsync_NothingThrown_FailsSayingSo()
    {
        var error = Should.Throw<LoopAssertException>(() => AsynkitLoop.Run(() => LoopAssert.ThrowsAsync<InvalidDataException>(async () => await Task.Yield())));
        error.Message.ShouldBe("Expected InvalidDataException but nothing was thrown.");
    }

    [Fact]
    public void ThrowsAsync_OtherException_FailsNamingBoth()
    {
        var error = Should.Throw<LoopAssertException>(() => AsynkitLoop.Run(() => LoopAssert.ThrowsAsync<InvalidDataException>(() => throw new FormatException("bad"))));
        error.Message.ShouldBe("Expected InvalidDataException but FormatException was thrown: bad");
        error.InnerException.ShouldBeOfType<FormatException>();
    }
}
