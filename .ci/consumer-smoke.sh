#!/usr/bin/env bash
# Packaging smoke test: packs the four packages (Asynkit.Packages.slnf) into a throwaway folder feed, as the README's Install
# section does, creates fresh test projects that use them from that feed, and checks that
#   1. the packages carry their README, XML docs, licence, repository commit and release notes, sibling dependencies are pinned
#      to the exact version, the core has no dependency at all, and the build is deterministic;
#   2. xunit v2: a FIFO [AsynkitFact] and an exploring [AsynkitFact(Iterations = 200)] pass ("explored 200 schedules"); a racy
#      exploring test fails with a replay line, and pasting that line makes it fail again, in one replayed run;
#   3. xunit v3, NUnit 5 and MSTest 4 (examples/Asynkit.Examples.{XunitV3Package,NUnit,MSTest}): the passing tests pass and
#      the race is found with the line to paste first; under NUnit the failure is stated once (no pile-up of every run);
#      the same for xunit.v3 4.0.x under Microsoft.Testing.Platform (examples/Asynkit.Examples.XunitV4, with its own
#      global.json) and under VSTest (examples/Asynkit.Examples.XunitV4VSTest, xunit.v3.mtp-off): the V3 package's xunit 4 build;
#      and xunit.v3 3.2.2 under Microsoft.Testing.Platform;
#   4. the wrong adapter fails the build: the xunit v2 package in an xunit v3 project (ASYNKIT0002), the V3 package on
#      xunit.v3 2.x (ASYNKIT0004).
# Exits non-zero on the first mismatch and prints the log that shows it. Needs only the .NET SDK and the NuGet registry.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

repo=$(pwd)
work=$(mktemp -d)
version="0.0.0-smoke.$(date +%s).$$"
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
cleanup() {
  for id in asynkit.testing asynkit.testing.coyote asynkit.testing.xunit asynkit.testing.xunit.v3; do
    rm -rf "${packages:?}/$id/$version"
    rmdir "$packages/$id" 2>/dev/null || true
  done
  rm -rf "$work"
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
dotnet pack "$repo/Asynkit.Packages.slnf" "${props[@]}" -o "$feed" > "$work/pack.log" 2>&1 || fail "dotnet pack Asynkit.Packages.slnf" "$work/pack.log"

for id in Asynkit.Testing Asynkit.Testing.Coyote Asynkit.Testing.Xunit Asynkit.Testing.Xunit.V3; do
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
  grep -q '<projectUrl>' <<< "$nuspec" || fail "$id package has no project URL"
  grep -q '<releaseNotes>' <<< "$nuspec" || fail "$id package has no release notes"
  if [ "$id" != Asynkit.Testing ]; then
    grep -q "<dependency id=\"Asynkit.Testing\" version=\"\[$version\]\"" <<< "$nuspec" || fail "$id does not depend on exactly Asynkit.Testing [$version]"
  fi
done
unzip -l "$feed/Asynkit.Testing.Xunit.V3.$version.nupkg" | grep -q " xunit4/net10.0/Asynkit.Testing.Xunit.V3.dll$" \
  || fail "Asynkit.Testing.Xunit.V3 lacks its xunit 4 build (xunit4/net10.0/Asynkit.Testing.Xunit.V3.dll)"
if unzip -p "$feed/Asynkit.Testing.$version.nupkg" Asynkit.Testing.nuspec | grep -q '<dependency '; then
  fail "Asynkit.Testing has package dependencies; it must have none (Coyote's live in Asynkit.Testing.Coyote)"
fi

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


# A fresh project from one of the samples (examples/Asynkit.Examples.*): copied to a scratch folder so that nothing of the
# repository's MSBuild files applies, AsynkitVersion set to the packed version.
sample() {
  local name=$1 dir="$work/$1"
  mkdir -p "$dir"
  cp "$repo/examples/$name/$name.csproj" "$dir/"
  for file in "$repo/examples/$name/"*.cs "$repo/examples/$name/global.json"; do
    if [ -f "$file" ]; then cp "$file" "$dir/"; fi
  done
  (cd "$dir" && dotnet build -p:AsynkitVersion="$version" > "$work/$name.build.log" 2>&1) || fail "$name does not build against the packages" "$work/$name.build.log"
}

# The race must be found, and the failure must start with the line to paste; the passing tests must pass.
check_framework() {
  local name=$1 pass_filter=$2 race_filter=$3 paste=$4 dir="$work/$1"
  sample "$name"
  (cd "$dir" && dotnet test --no-build --filter "$pass_filter" > "$work/$name.pass.log" 2>&1) || fail "$name: the passing tests failed" "$work/$name.pass.log"
  grep -Eq "Passed!|Passed: +[1-9]" "$work/$name.pass.log" || fail "$name: no passing test ran" "$work/$name.pass.log"
  if (cd "$dir" && dotnet test --no-build --filter "$race_filter" --logger "console;verbosity=detailed" > "$work/$name.race.log" 2>&1); then
    fail "$name: the racy test passed" "$work/$name.race.log"
  fi
  grep -q "Asynkit: iteration [0-9,]* of 200 failed" "$work/$name.race.log" || fail "$name: the failure does not say which iteration failed" "$work/$name.race.log"
  grep -Fq "Replay it in one run by pasting: $paste" "$work/$name.race.log" || fail "$name: the failure printed no replay line" "$work/$name.race.log"
  say "$name: the race is found and the paste line printed ($(grep -o "pasting: .*ak1_[A-Za-z0-9_-]*" "$work/$name.race.log" | head -n 1))"
}

check_framework Asynkit.Examples.XunitV3Package "Category!=FailureExpected" "Category=FailureExpected" '[AsynkitFact(Replay = "ak1_'
check_framework Asynkit.Examples.NUnit "TestCategory!=FailureExpected" "TestCategory=FailureExpected" 'new AsynkitTestOptions { Replay = "ak1_'
# NUnit records every failed Assert.That in the test's result: only the reported failure may reach it, not each run's (it
# then shows up in the message, and again in NUnit's dump of the exception's Failure and Trace properties: 3 times, not 12+).
[ "$(grep -c "lost update" "$work/Asynkit.Examples.NUnit.race.log")" -le 3 ] && ! grep -q "Multiple failures" "$work/Asynkit.Examples.NUnit.race.log" || fail "NUnit: the failure of every run of the body reached the result" "$work/Asynkit.Examples.NUnit.race.log"
check_framework Asynkit.Examples.MSTest "TestCategory!=FailureExpected" "TestCategory=FailureExpected" 'new AsynkitTestOptions { Replay = "ak1_'

# xunit.v3 4.0.x (the package's xunit 4 build), compiling the tests of Asynkit.Examples.XunitV3Package unchanged: under VSTest
# (xunit.v3.mtp-off), and under Microsoft.Testing.Platform, which dotnet test needs global.json to name (its own folder's).
check_framework Asynkit.Examples.XunitV4VSTest "Category!=FailureExpected" "Category=FailureExpected" '[AsynkitFact(Replay = "ak1_'
cmp -s "$work/Asynkit.Examples.XunitV4VSTest/bin/Debug/net10.0/Asynkit.Testing.Xunit.V3.dll" <(unzip -p "$feed/Asynkit.Testing.Xunit.V3.$version.nupkg" xunit4/net10.0/Asynkit.Testing.Xunit.V3.dll) \
  || fail "the xunit.v3 4.x project did not get the package's xunit 4 build" "$work/Asynkit.Examples.XunitV4VSTest.build.log"
# Under Microsoft.Testing.Platform: filters are --filter-trait/--filter-not-trait, the summary says "succeeded: N".
check_mtp() {
  local name=$1 dir="$work/$1"
  (cd "$dir" && dotnet build -p:AsynkitVersion="$version" > "$work/$name.build.log" 2>&1) || fail "$name does not build against the packages" "$work/$name.build.log"
  (cd "$dir" && dotnet test --no-build --filter-not-trait "Category=FailureExpected" > "$work/$name.pass.log" 2>&1) || fail "$name: the passing tests failed" "$work/$name.pass.log"
  grep -Eq "succeeded: +2" "$work/$name.pass.log" || fail "$name: expected 2 passing tests under Microsoft.Testing.Platform" "$work/$name.pass.log"
  if (cd "$dir" && dotnet test --no-build --filter-trait "Category=FailureExpected" > "$work/$name.race.log" 2>&1); then
    fail "$name: the racy test passed" "$work/$name.race.log"
  fi
  grep -q "Asynkit: iteration [0-9,]* of 200 failed" "$work/$name.race.log" || fail "$name: the failure does not say which iteration failed" "$work/$name.race.log"
  grep -Fq 'Replay it in one run by pasting: [AsynkitFact(Replay = "ak1_' "$work/$name.race.log" || fail "$name: the failure printed no replay line" "$work/$name.race.log"
  say "$name (Microsoft.Testing.Platform): the race is found and the paste line printed ($(grep -o "pasting: .*ak1_[A-Za-z0-9_-]*" "$work/$name.race.log" | head -n 1))"
}
mkdir -p "$work/Asynkit.Examples.XunitV4"
cp "$repo/examples/Asynkit.Examples.XunitV4/"{Asynkit.Examples.XunitV4.csproj,global.json} "$work/Asynkit.Examples.XunitV4/"
check_mtp Asynkit.Examples.XunitV4
# xunit.v3 3.2.2 under Microsoft.Testing.Platform too: the same project on the 3.2 line (the package's lib/ build).
mkdir -p "$work/XunitV32.Mtp"
sed 's/"xunit.v3" Version="4.0.3"/"xunit.v3" Version="3.2.2"/' "$repo/examples/Asynkit.Examples.XunitV4/Asynkit.Examples.XunitV4.csproj" > "$work/XunitV32.Mtp/XunitV32.Mtp.csproj"
cp "$repo/examples/Asynkit.Examples.XunitV4/global.json" "$work/XunitV32.Mtp/"
check_mtp XunitV32.Mtp
cmp -s "$work/XunitV32.Mtp/bin/Debug/net10.0/Asynkit.Testing.Xunit.V3.dll" <(unzip -p "$feed/Asynkit.Testing.Xunit.V3.$version.nupkg" lib/net10.0/Asynkit.Testing.Xunit.V3.dll) \
  || fail "the xunit.v3 3.2 project did not get the package's 3.2 build" "$work/XunitV32.Mtp.build.log"

# The wrong adapter fails the build, loudly: the xunit v2 package in an xunit v3 project.
wrong="$work/wrong"
mkdir -p "$wrong"
sed 's/Asynkit.Testing.Xunit.V3"/Asynkit.Testing.Xunit"/' "$repo/examples/Asynkit.Examples.XunitV3Package/Asynkit.Examples.XunitV3Package.csproj" > "$wrong/Wrong.csproj"
echo 'public static class Empty { }' > "$wrong/Empty.cs"
if (cd "$wrong" && dotnet build -p:AsynkitVersion="$version" > "$work/wrong.log" 2>&1); then
  fail "an xunit v3 project with the xunit v2 adapter built: its tests would silently not be discovered" "$work/wrong.log"
fi
grep -q "ASYNKIT0002" "$work/wrong.log" || fail "the wrong adapter failed the build, but not with ASYNKIT0002" "$work/wrong.log"
say "the xunit v2 adapter in an xunit v3 project fails the build with ASYNKIT0002"

# ... and the V3 package on an xunit.v3 major version it has no build for (2.x) fails with ASYNKIT0004, naming the version.
old="$work/old"
mkdir -p "$old"
sed 's/"xunit.v3" Version="3.2.2"/"xunit.v3" Version="2.0.3"/' "$repo/examples/Asynkit.Examples.XunitV3Package/Asynkit.Examples.XunitV3Package.csproj" > "$old/Old.csproj"
echo 'public static class Empty { }' > "$old/Empty.cs"
if (cd "$old" && dotnet build -p:AsynkitVersion="$version" > "$work/old.log" 2>&1); then
  fail "an xunit.v3 2.x project with the V3 adapter built: the adapter has no build for it" "$work/old.log"
fi
grep -q "ASYNKIT0004.*This project uses xunit.v3 2.0.3" "$work/old.log" || fail "xunit.v3 2.x failed the build, but not with ASYNKIT0004 naming 2.0.3" "$work/old.log"
say "the V3 adapter in an xunit.v3 2.x project fails the build with ASYNKIT0004"

say "OK: packages work in fresh xunit v2, xunit v3 (3.2 and 4.0, each on VSTest and Microsoft.Testing.Platform), NUnit and MSTest projects; the replay line reproduces the failure"
