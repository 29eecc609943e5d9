namespace Asynkit.Testing;

/// <content>The non-null way to reach the running loop.</content>
public sealed partial class AsynkitLoop
{
    /// <summary>The loop running on this thread; unlike <see cref="Current"/>, never null.</summary>
    /// <remarks>Use it where test code needs the loop (<c>AsynkitLoop.RequireCurrent().CreateTask(...)</c>): outside a loop it
    /// says what is wrong and how to fix it, where <c>AsynkitLoop.Current!</c> gives a bare NullReferenceException.</remarks>
    /// <exception cref="InvalidOperationException">No loop runs on this thread.</exception>
    public static AsynkitLoop RequireCurrent() => t_current ?? throw new InvalidOperationException(NoLoopMessage);

    /// <summary>What <see cref="RequireCurrent"/> says outside a loop.</summary>
    internal const string NoLoopMessage =
        "No AsynkitLoop is running on this thread. Run the code inside a loop: mark the test [AsynkitFact] (xunit; in an xunit v3 "
        + "project reference Asynkit.Testing.Xunit.V3), wrap its body in AsynkitTest.Run(async () => ...) (NUnit, MSTest, any "
        + "framework), or call AsynkitLoop.Run(async () => ...). Code that may also run outside a loop can test AsynkitLoop.Current for null.";
}
