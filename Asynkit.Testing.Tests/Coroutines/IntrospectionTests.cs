using System.Runtime.CompilerServices;

namespace Asynkit.Testing.Tests.Coroutines;

/// <summary>LoopTask.State / SuspendedAt (asynkit's coro_is_new / suspended / finished, coro_get_frame).</summary>
public sealed class IntrospectionTests
{
    private const string File = "IntrospectionTests.cs";

    private static AsynkitLoop Loop => AsynkitLoop.Current!;

    /// <summary>Returns <paramref name="task"/> and records the line it is called on: "await Mark(x, lines)" records its await's line.</summary>
    private static Task Mark(Task task, List<int> lines, [CallerLineNumber] int line = 0)
    {
        lines.Add(line);
        return task;
    }

    private static Task<T> Mark<T>(Task<T> task, List<int> lines, [CallerLineNumber] int line = 0)
    {
        lines.Add(line);
        return task;
    }

    private static async Task Park(Task gate, List<int> lines)
    {
        await Task.CompletedTask;
        await Mark(gate, lines);
    }

    private static async Task TwoAwaits(Task first, Task second, List<int> lines)
    {
        await Mark(first, lines);
        await Mark(second, lines);
    }

    private static async Task Outer(Task gate, List<int> lines)
    {
        await Mark(Park(gate, lines), lines);
    }

    private static async Task<T> GenericPark<T>(Task<T> gate, List<int> lines) => await Mark(gate, lines);

    [Fact]
    public void SuspendedAt_TaskWaiting_NamesMethodAndLine()
    {
        AsynkitLoop.Run(async () =>
        {
            var gate = new TaskCompletionSource();
            var lines = new List<int>();
            LoopTask task = Loop.CreateTask(() => Park(gate.Task, lines), "parked");
            task.State.ShouldBe(LoopTaskState.New);
            task.SuspendedAt.ShouldBeNull();
            await Task.Yield();
            task.State.ShouldBe(LoopTaskState.Suspended);
            task.SuspendedAt.ShouldBe($"IntrospectionTests.Park ({File}:{lines[0]})");
            gate.SetResult();
            await task;
            task.State.ShouldBe(LoopTaskState.Finished);
            task.SuspendedAt.ShouldBeNull();
        });
    }

    [Fact]
    public void SuspendedAt_SecondAwait_MovesToItsLine()
    {
        AsynkitLoop.Run(async () =>
        {
            var first = new TaskCompletionSource();
            var second = new TaskCompletionSource();
            var lines = new List<int>();
            LoopTask task = Loop.CreateTask(() => TwoAwaits(first.Task, second.Task, lines));
            await Task.Yield();
            task.SuspendedAt.ShouldBe($"IntrospectionTests.TwoAwaits ({File}:{lines[0]})");
            first.SetResult();
            await Task.Yield();
            lines.Count.ShouldBe(2);
            lines[1].ShouldBe(lines[0] + 1);
            task.SuspendedAt.ShouldBe($"IntrospectionTests.TwoAwaits ({File}:{lines[1]})");
            second.SetResult();
            await task;
        });
    }

    [Fact]
    public void SuspendedAt_NestedAwait_NamesInnermostMethod()
    {
        AsynkitLoop.Run(async () =>
        {
            var gate = new TaskCompletionSource();
            var lines = new List<int>();
            LoopTask task = Loop.CreateTask(() => Outer(gate.Task, lines));
            await Task.Yield();

            // lines: [Park's await (recorded first, Park runs inside the Mark call), Outer's await]
            task.SuspendedAt.ShouldBe($"IntrospectionTests.Park ({File}:{lines[0]})");
            gate.SetResult();
            await task;
        });
    }

    [Fact]
    public void SuspendedAt_LambdaAndGenericMethod_HaveLines()
    {
        AsynkitLoop.Run(async () =>
        {
            var gate = new TaskCompletionSource<int>();
            var lines = new List<int>();
            LoopTask lambda = Loop.CreateTask(async () => await Mark(gate.Task, lines));
            LoopTask generic = Loop.CreateTask(() => GenericPark(gate.Task, lines));
            await Task.Yield();
            lambda.SuspendedAt.ShouldBe($"IntrospectionTests.SuspendedAt_LambdaAndGenericMethod_HaveLines (lambda) ({File}:{lines[0]})");
            generic.SuspendedAt.ShouldBe($"IntrospectionTests.GenericPark ({File}:{lines[1]})");
            gate.SetResult(1);
            await lambda;
            await generic;
        });
    }

    [Fact]
    public void State_InsideItsOwnStep_IsRunning()
    {
        AsynkitLoop.Run(async () =>
        {
            LoopTaskState? inside = null;
            LoopTask task = Loop.CreateTask(() =>
            {
                inside = Loop.CurrentTask!.State;
                return Task.CompletedTask;
            });
            await task;
            inside.ShouldBe(LoopTaskState.Running);
            Loop.CurrentTask!.State.ShouldBe(LoopTaskState.Running);
        });
    }

    [Fact]
    public void SuspendedAt_OfTask_WorksWithoutLoopTask()
    {
        var gate = new TaskCompletionSource();
        var lines = new List<int>();
        Task parked = Park(gate.Task, lines);
        Coro.SuspendedAt(parked).ShouldBe($"IntrospectionTests.Park ({File}:{lines[0]})");
        gate.SetResult();
        parked.IsCompleted.ShouldBeTrue();
        Coro.SuspendedAt(parked).ShouldBeNull();
    }

    [Fact]
    public void DeadlockException_Message_NamesMethodAndLine()
    {
        var lines = new List<int>();
        var gate = new TaskCompletionSource();
        DeadlockException error = Should.Throw<DeadlockException>(() =>
            AsynkitLoop.Run(() => Park(gate.Task, lines)));
        error.Message.ShouldContain($"task 'main' (#1) blocked at IntrospectionTests.Park ({File}:{lines[0]})");
    }
}
