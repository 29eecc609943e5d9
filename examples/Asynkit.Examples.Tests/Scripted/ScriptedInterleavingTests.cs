using Asynkit.Examples.Catalogue;
using Asynkit.Testing;
using Asynkit.Testing.Xunit;

namespace Asynkit.Examples.Tests.Scripted;

/// <summary>Scripted interleavings: TaskSwitch and SleepInsert force, in one deterministic run, the exact order that exposes
/// a catalogue bug, and the fixed twin's code survives the very same script.</summary>
public sealed class ScriptedInterleavingTests
{
    [AsynkitFact]
    public async Task Overdraw_SecondWithdrawalChecksDuringTheFirstsFraudCheck_BalanceGoesNegative()
    {
        (int balance, bool paidA, bool paidB) = await WithdrawTwiceDuringFraudCheckAsync(new Overdraw.Account(100, locked: false));

        // Both withdrawals passed the balance check before either debited.
        paidA.ShouldBeTrue();
        paidB.ShouldBeTrue();
        balance.ShouldBe(-40);
    }

    [AsynkitFact]
    public async Task Overdraw_Fixed_SameScript_SecondWithdrawalRefused()
    {
        (int balance, bool paidA, bool paidB) = await WithdrawTwiceDuringFraudCheckAsync(new Overdraw.Account(100, locked: true));

        paidA.ShouldBeTrue();
        paidB.ShouldBeFalse();
        balance.ShouldBe(30);
    }

    [AsynkitFact]
    public async Task AccountCreation_SecondSignUpChecksBeforeTheFirstInserts_TwoWelcomeMails()
    {
        var service = new AccountCreation.SignUpService(fixedVersion: false);

        (await SignUpTwiceBetweenCheckAndActAsync(service)).ShouldBe(["signup-1 ran", "signup-2 ran", "signup-1 done", "signup-2 done"]);

        service.WelcomeMails.ShouldBe(2);
    }

    [AsynkitFact]
    public async Task AccountCreation_Fixed_SameScript_OneWelcomeMail()
    {
        var service = new AccountCreation.SignUpService(fixedVersion: true);

        (await SignUpTwiceBetweenCheckAndActAsync(service)).ShouldBe(["signup-1 ran", "signup-2 ran", "signup-1 done", "signup-2 done"]);

        service.WelcomeMails.ShouldBe(1);
    }

    [AsynkitFact]
    public async Task Overdraw_AsyncioOrder_NoScript_BalanceStaysPositive()
    {
        // The same program without the script: in FIFO order the first withdrawal finishes before the second looks.
        var account = new Overdraw.Account(100, locked: false);
        AsynkitLoop loop = AsynkitLoop.Current!;
        LoopTask<bool> a = loop.CreateTask(() => account.TryWithdrawAsync(70), "withdraw-a");
        await Task.Yield();
        LoopTask<bool> b = loop.CreateTask(() => account.TryWithdrawAsync(70), "withdraw-b");

        (await a).ShouldBeTrue();
        (await b).ShouldBeFalse();
        account.Balance.ShouldBe(30);
    }

    /// <summary>withdraw-a starts and suspends in its fraud check; then withdraw-b is switched to at once, so it checks the
    /// balance while withdraw-a's debit is still pending.</summary>
    private static async Task<(int Balance, bool PaidA, bool PaidB)> WithdrawTwiceDuringFraudCheckAsync(Overdraw.Account account)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        LoopTask<bool> a = loop.CreateTask(() => account.TryWithdrawAsync(70), "withdraw-a");
        await Scheduling.TaskSwitch(a);                  // withdraw-a: balance check, then into the fraud check (suspended)
        LoopTask<bool> b = loop.CreateTask(() => account.TryWithdrawAsync(70), "withdraw-b");
        Scheduling.TaskIsRunnable(a).ShouldBeTrue();     // withdraw-a's debit is waiting in the ready queue
        await Scheduling.TaskSwitch(b, insertPosition: 2); // withdraw-b jumps ahead of it; we come back after both
        bool paidA = await a;
        bool paidB = await b;
        return (account.Balance, paidA, paidB);
    }

    /// <summary>signup-1 runs exactly to its first await (SleepInsert(1): one ready item, then us); signup-2 is then switched
    /// to ahead of signup-1's continuation, so its check runs between signup-1's check and insert.</summary>
    private static async Task<List<string>> SignUpTwiceBetweenCheckAndActAsync(AccountCreation.SignUpService service)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var log = new List<string>();
        LoopTask first = loop.CreateTask(() => Logged("signup-1"), "signup-1");
        await Scheduling.SleepInsert(1);                 // let signup-1 take exactly one step: its existence check
        LoopTask second = loop.CreateTask(() => Logged("signup-2"), "signup-2");
        await Scheduling.TaskSwitch(second, insertPosition: 2); // signup-2 checks before signup-1 acts
        await first;
        await second;
        return log;

        async Task Logged(string name)
        {
            log.Add($"{name} ran");
            await service.SignUpAsync("ada@example.com");
            log.Add($"{name} done");
        }
    }
}
