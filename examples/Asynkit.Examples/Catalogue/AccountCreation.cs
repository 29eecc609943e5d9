using System.Collections.Concurrent;
using Asynkit.Testing;

namespace Asynkit.Examples.Catalogue;

/// <summary>Check-then-act: "does the account row exist? no: (await) create it" run by two sign-up requests.</summary>
/// <remarks>The bug: between the existence check and the insert there is an await, so both requests see "no row" and
/// both create the account, and the user gets two welcome e-mails. The fix makes check-and-insert one atomic step
/// (ConcurrentDictionary.TryAdd) and only the winner sends the e-mail.</remarks>
public static class AccountCreation
{
    public static BugProgram Program { get; } = new(
        "check-then-act",
        "two sign-ups both see 'no account' across an await and both create it",
        () => RunAsync(fixedVersion: false),
        () => RunAsync(fixedVersion: true));

    private static async Task RunAsync(bool fixedVersion)
    {
        var service = new SignUpService(fixedVersion);
        AsynkitLoop loop = AsynkitLoop.Current!;
        LoopTask first = loop.CreateTask(() => service.SignUpAsync("ada@example.com"), "signup-1");
        await Task.Yield(); // a double click: the second request arrives a moment later
        LoopTask second = loop.CreateTask(() => service.SignUpAsync("ada@example.com"), "signup-2");
        await first;
        await second;
        InvariantViolationException.Check(service.WelcomeMails == 1, $"check-then-act: {service.WelcomeMails} welcome e-mails sent for one account");
    }

    internal sealed class SignUpService(bool fixedVersion)
    {
        private readonly ConcurrentDictionary<string, DateTimeOffset> _accounts = new();

        public int WelcomeMails { get; private set; }

        public async Task SignUpAsync(string email)
        {
            if (fixedVersion)
            {
                await Task.Yield(); // the database round trip, now before the atomic insert
                if (_accounts.TryAdd(email, DateTimeOffset.UnixEpoch))
                {
                    WelcomeMails++;
                }

                return;
            }

            bool exists = _accounts.ContainsKey(email);
            await Task.Yield(); // the database round trip between check and act
            if (!exists)
            {
                _accounts[email] = DateTimeOffset.UnixEpoch;
                WelcomeMails++;
            }
        }
    }
}
