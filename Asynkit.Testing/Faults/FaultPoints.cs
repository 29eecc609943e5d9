namespace Asynkit.Testing.Faults;

/// <summary>Fault points for test doubles, and the activation of fault plans on a loop.</summary>
/// <remarks>
/// <para>A test double marks its I/O boundaries with <c>await FaultPoints.Point("db.write")</c>. With no plan active that is a no-op that
/// completes at once (also outside any loop), so doubles can keep their points in every test.</para>
/// <para>A plan is active per loop: <see cref="Activate"/> inside a run, or <see cref="Attach"/> before one (what a runner or an
/// explorer does for every fresh loop). Each activation is a <see cref="FaultSession"/> that counts calls and records injections;
/// the loop keeps it in its extension slots, so it lives exactly as long as the loop.</para>
/// </remarks>
public static class FaultPoints
{
    /// <summary>The session active on the loop running on this thread, or null.</summary>
    public static FaultSession? Current =>
        AsynkitLoop.Current?.Extensions.Get<FaultSession>();

    /// <summary>A fault point named <paramref name="name"/>: the active plan may make it throw, wait, cancel or pause; otherwise
    /// it completes at once.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public static Task Point(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Current is { } session ? session.Hit(name) : Task.CompletedTask;
    }

    /// <summary>Activates <paramref name="plan"/> on the running loop until the returned session is disposed (or the loop is gone).</summary>
    /// <exception cref="InvalidOperationException">No loop runs on this thread, or a plan is already active on it.</exception>
    public static FaultSession Activate(IFaultPlan plan)
    {
        AsynkitLoop loop = AsynkitLoop.Require("FaultPoints.Activate", "use FaultPoints.Attach(loop, plan) to prepare a loop before it runs");
        return Attach(loop, plan);
    }

    /// <summary>Activates <paramref name="plan"/> on <paramref name="loop"/>, which may not be running yet (for runners that create a loop per run).</summary>
    /// <remarks>Call it on the thread that runs the loop, or before the loop runs: the session goes into the loop's extension slots.</remarks>
    /// <exception cref="InvalidOperationException">A plan is already active on the loop, or a scripted plan has a rule without an action.</exception>
    public static FaultSession Attach(AsynkitLoop loop, IFaultPlan plan)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(plan);
        (plan as FaultPlan)?.Validate();
        var session = new FaultSession(loop, plan);
        if (!loop.Extensions.TryAdd(session))
        {
            throw new InvalidOperationException("A fault plan is already active on this loop; dispose its FaultSession before activating another plan.");
        }

        return session;
    }

    internal static void Detach(FaultSession session) => session.Loop.Extensions.Remove(session);
}
