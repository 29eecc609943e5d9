#!/usr/bin/env bash
# Packaging smoke test: packs Asynkit.Testing and Asynkit.Testing.Xunit into a throwaway folder feed, creates a fresh xunit
# test project that uses them from that feed, and checks that
#   1. the packages carry their README, XML docs, licence and repository commit, and the build is deterministic;
#   2. a FIFO [AsynkitFact] and an exploring [AsynkitFact(Iterations = 200)] pass ("explored 200 schedules");
#   3. a racy exploring test fails with a replay line, and pasting that line makes it fail again, in one replayed run.
# Exits non-zero on the first mismatch and prints the log that shows it. Needs only the .NET SDK and the NuGet registry.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

repo=$(pwd)
work=$(mktemp -d)
version="0.0.0-smoke.$(date +%s).$$"
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
cleanup() {
  rm -rf "$work" "$packages/asynkit.testing/$version" "$packages/asynkit.testing.xunit/$version"
  rmdir "$packages/asynkit.testing" "$packages/asynkit.testing.xunit" 2>/dev/null || true
}
trap cleanup EXIT

say() { echo "consumer-smoke: $*"; }
fail() {
  echo "consumer-smoke: FAILED: $1" >&2
  if [ -n "${2:-}" ] && [ -f "$2" ]; then tail -n 80 "$2" >&2; fi
  exit 1
}

feed="$work/feed"
props=(-c Release "-p:Version=$version" -p:ContinuousIntegrationBuild=true)
say "packing $version into $feed"
dotnet pack "$repo/Asynkit.Testing.Xunit" "${props[@]}" -o "$feed" > "$work/pack.log" 2>&1 || fail "dotnet pack Asynkit.Testing.Xunit" "$work/pack.log"
dotnet pack "$repo/Asynkit.Testing" "${props[@]}" -o "$feed" --no-build >> "$work/pack.log" 2>&1 || fail "dotnet pack Asynkit.Testing" "$work/pack.log"

for id in Asynkit.Testing Asynkit.Testing.Xunit; do
  nupkg="$feed/$id.$version.nupkg"
  [ -f "$nupkg" ] || fail "$nupkg was not produced" "$work/pack.log"
  listing=$(unzip -l "$nupkg")
  for part in README.md "lib/net10.0/$id.dll" "lib/net10.0/$id.xml"; do
    grep -q " $part\$" <<< "$listing" || fail "$id package lacks $part"
  done
  nuspec=$(unzip -p "$nupkg" "$id.nuspec")
  grep -q '<license type="expression">MIT</license>' <<< "$nuspec" || fail "$id package has no MIT licence expression"
  grep -q '<readme>README.md</readme>' <<< "$nuspec" || fail "$id package does not declare its README"
  grep -q '<repository type="git"' <<< "$nuspec" || fail "$id package has no repository metadata"
done
grep -q "<dependency id=\"Asynkit.Testing\" version=\"$version\"" <<< "$(unzip -p "$feed/Asynkit.Testing.Xunit.$version.nupkg" Asynkit.Testing.Xunit.nuspec)" \
  || fail "Asynkit.Testing.Xunit does not depend on Asynkit.Testing $version"

# Deterministic build: compiling again from scratch gives byte-identical assemblies.
unzip -q -o "$feed/Asynkit.Testing.Xunit.$version.nupkg" "lib/*" -d "$work/packed"
unzip -q -o "$feed/Asynkit.Testing.$version.nupkg" "lib/*" -d "$work/packed"
dotnet build "$repo/Asynkit.Testing.Xunit" "${props[@]}" --no-incremental > "$work/rebuild.log" 2>&1 || fail "rebuild" "$work/rebuild.log"
for id in Asynkit.Testing Asynkit.Testing.Xunit; do
  cmp -s "$work/packed/lib/net10.0/$id.dll" "$repo/$id/bin/Release/net10.0/$id.dll" || fail "$id.dll differs after a clean rebuild: the build is not deterministic"
done
say "packages carry README, XML docs, licence, repository commit; rebuild is byte-identical"

consumer="$work/consumer"
mkdir -p "$consumer"
# Stop MSBuild from picking up props from folders above the throwaway project.
echo '<Project />' > "$work/Directory.Build.props"
echo '<Project />' > "$work/Directory.Build.targets"
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="asynkit-smoke" value="$feed" />
  </packageSources>
</configuration>
XML
cat > "$consumer/Consumer.Tests.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <IsPackable>false</IsPackable>
    <IsTestProject>true</IsTestProject>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Asynkit.Testing.Xunit" Version="$version" />
    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
    <PackageReference Include="xunit" Version="2.9.3" />
    <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
  </ItemGroup>
</Project>
XML
cat > "$consumer/SmokeTests.cs" <<'CS'
using Asynkit.Testing;
using Asynkit.Testing.Xunit;
using Xunit;

public class SmokeTests
{
    [AsynkitFact]
    public async Task Fifo_HourLongDelay_TakesVirtualTime()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        await Task.Delay(TimeSpan.FromHours(1), loop.Clock);
        Assert.Equal(TimeSpan.FromHours(1), loop.Clock.Elapsed);
    }

    [AsynkitFact(Iterations = 200)]
    public async Task Exploration_LockedIncrements_NeverLost()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        int counter = 0;
        var gate = new SemaphoreSlim(1, 1);
        LoopTask Worker() => loop.CreateTask(async () =>
        {
            await gate.WaitAsync();
            int seen = counter;
            await Task.Yield();
            counter = seen + 1;
            gate.Release();
        });
        LoopTask a = Worker(), b = Worker();
        await a;
        await b;
        Assert.Equal(2, counter);
    }

    [Trait("Smoke", "Race")]
    [AsynkitFact(Iterations = 200)]
    public async Task Exploration_UnlockedIncrements_LoseAnUpdate()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        int counter = 0;
        LoopTask Worker(int lead) => loop.CreateTask(async () =>
        {
            for (int i = 0; i < lead; i++)
            {
                await Task.Yield();
            }

            int seen = counter;
            await Task.Yield();
            counter = seen + 1;
        });
        LoopTask a = Worker(0), b = Worker(2);
        await a;
        await b;
        Assert.Equal(2, counter);
    }
}
CS

say "building the consumer test project"
(cd "$consumer" && dotnet build > "$work/build.log" 2>&1) || fail "the consumer project does not build against the packages" "$work/build.log"

say "running the passing tests"
(cd "$consumer" && dotnet test --no-build --filter "Smoke!=Race" --logger "console;verbosity=detailed" > "$work/pass.log" 2>&1) || fail "the passing tests failed" "$work/pass.log"
grep -Eq "^ +Passed: +2$" "$work/pass.log" || fail "expected 2 passing tests" "$work/pass.log"
grep -q "Asynkit: explored 200 schedules" "$work/pass.log" || fail "the exploring test did not report 'explored 200 schedules'" "$work/pass.log"

say "running the racy test (it must fail with a replay line)"
if (cd "$consumer" && dotnet test --no-build --filter "Smoke=Race" > "$work/race.log" 2>&1); then
  fail "the racy test passed" "$work/race.log"
fi
line=$(grep -o '\[AsynkitFact(Replay = "ak1_[A-Za-z0-9_-]*")\]' "$work/race.log" | head -n 1)
[ -n "$line" ] || fail "the failure printed no replay line" "$work/race.log"
grep -q "Asynkit: iteration [0-9,]* of 200 failed" "$work/race.log" || fail "the failure does not say which iteration failed" "$work/race.log"

say "pasting $line"
python3 - "$consumer/SmokeTests.cs" "$line" <<'PY'
import sys
path, line = sys.argv[1], sys.argv[2]
text = open(path).read()
marker = '[Trait("Smoke", "Race")]\n    [AsynkitFact(Iterations = 200)]'
assert marker in text
open(path, 'w').write(text.replace(marker, '[Trait("Smoke", "Race")]\n    ' + line))
PY
(cd "$consumer" && dotnet build > "$work/build2.log" 2>&1) || fail "the consumer project does not build with the pasted line" "$work/build2.log"
if (cd "$consumer" && dotnet test --no-build --filter "Smoke=Race" > "$work/replay.log" 2>&1); then
  fail "the pasted replay line did not reproduce the failure" "$work/replay.log"
fi
grep -q "Asynkit: the replayed schedule failed." "$work/replay.log" || fail "the replay did not fail as a replay" "$work/replay.log"
grep -q "Assert.Equal() Failure" "$work/replay.log" || fail "the replay failed differently" "$work/replay.log"

say "OK: packages work in a fresh consumer project; the replay line reproduces the failure"
