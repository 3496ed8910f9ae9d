using CommunityBot.Features.Ideas;
using CommunityBot.Features.Polls;
using CommunityBot.Features.Surveys;
using CommunityBot.Storage;
using CommunityBot.Storage.Migrations;
using CommunityBot.TestSupport;

namespace CommunityBot.Tests.Features.Brainstorming;

internal static class BrainstormingDatabase
{
    public static Task<TestDatabase> CreateAsync(DatabaseProvider provider) => TestDatabase.CreateMigratedAsync(provider,
        new MigrationSource("polls", typeof(PollsFeature)), new MigrationSource("ideas", typeof(IdeasFeature)), new MigrationSource("surveys", typeof(SurveysFeature)));

    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    /// <summary>Interaction ids are snowflakes: later interactions have larger ids.</summary>
    private static long _interaction = 1_300_000_000_000_000_000;
    public static ulong NextInteraction() => (ulong)Interlocked.Increment(ref _interaction);
}
