using System.Runtime.CompilerServices;

namespace Asynkit.Testing;

/// <summary>One suspended async method in the await chain of a task (<see cref="AsyncStackInspector.Frames"/>).</summary>
/// <param name="Task">The method's own Task (its state-machine box).</param>
/// <param name="StateMachine">The method's state machine.</param>
/// <param name="Awaiter">The awaiter of the await the method is suspended at (a boxed TaskAwaiter, ConfiguredTaskAwaiter,
/// YieldAwaiter, LoopTaskAwaiter, ...), or null when the state machine stores none.</param>
/// <param name="AwaitedTask">The Task inside that awaiter, when it holds one: the next frame's <paramref name="Task"/> when that
/// is an async method's, else the leaf the chain waits for (a TaskCompletionSource's Task, a loop-owned wait's promise, ...).</param>
internal readonly record struct AsyncFrame(Task Task, IAsyncStateMachine StateMachine, object? Awaiter, Task? AwaitedTask)
{
    /// <summary>"Type.Method" of the async method.</summary>
    public string Method => StepDescriber.DescribeStateMachine(StateMachine.GetType());

    /// <summary>"File.cs:line" of the await the method is suspended at, or null without a PDB (see <see cref="AwaitLocator"/>).</summary>
    public string? Location => AwaitLocator.Locate(StateMachine);

    /// <summary>"Type.Method (File.cs:line)", or "Type.Method" when the line is unknown: the text of SuspendedAt and deadlock messages.</summary>
    public override string ToString() => Location is { } location ? $"{Method} ({location})" : Method;
}
