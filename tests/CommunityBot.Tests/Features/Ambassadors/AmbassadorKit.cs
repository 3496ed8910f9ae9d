using CommunityBot.Configuration;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Features.Ambassadors;
using CommunityBot.Hosting;
using CommunityBot.Jobs;
using CommunityBot.Storage;
using CommunityBot.Storage.Migrations;
using CommunityBot.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace CommunityBot.Tests.Features.Ambassadors;

/// <summary>The ambassador write side over a real database, with Discord mocked and a clock the test moves.</summary>
internal sealed class AmbassadorKit : IAsyncDisposable
{
    public const ulong Guild = 1000;
    /// <summary>The bot's own user id, as READY would give it.</summary>
    public const ulong BotUserId = 4242;

    public sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class FixedConfig(CommunityConfig current) : ICommunityConfig
    {
        public CommunityConfig Current { get; set; } = current;
    }

    private AmbassadorKit(TestDatabase database, AmbassadorSettings settings)
    {
        Database = database;
        Db = database.Factory();
        var guild = new GuildConfig { GuildId = Guild, Sections = new Dictionary<Type, object> { [typeof(AmbassadorSettings)] = settings } };
        var config = new FixedConfig(new CommunityConfig(new Dictionary<ulong, GuildConfig> { [Guild] = guild }, 1));
        Rest.Setup(r => r.GetGuildMemberAsync(It.IsAny<ulong>(), It.IsAny<ulong>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((ulong _, ulong id, CancellationToken _) => new GuildMember { User = new User { Id = id }, Roles = [.. RolesOf(id)] });
        Rest.Setup(r => r.AddGuildMemberRoleAsync(It.IsAny<ulong>(), It.IsAny<ulong>(), It.IsAny<ulong>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Callback((ulong _, ulong member, ulong role, string? _, CancellationToken _) => { lock (MemberRoles) RolesOf(member).Add(role); })
            .Returns(Task.CompletedTask);
        Rest.Setup(r => r.RemoveGuildMemberRoleAsync(It.IsAny<ulong>(), It.IsAny<ulong>(), It.IsAny<ulong>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Callback((ulong _, ulong member, ulong role, string? _, CancellationToken _) => { lock (MemberRoles) RolesOf(member).Remove(role); })
            .Returns(Task.CompletedTask);
        Rest.Setup(r => r.CreateMessageAsync(It.IsAny<ulong>(), It.IsAny<CreateMessageRequest>(), It.IsAny<IReadOnlyList<FileUpload>?>(), It.IsAny<CancellationToken>()))
            .Callback((ulong channel, CreateMessageRequest request, IReadOnlyList<FileUpload>? _, CancellationToken _) => { lock (Posted) Posted.Add((channel, request)); })
            .ReturnsAsync(new Message { Id = 1 });
        Writer = new LedgerWriter(Db, NullLogger<LedgerWriter>.Instance);
        Tiers = new TierService(Writer, config, Rest.Object, Jobs.Object, Clock, NullLogger<TierService>.Instance);
        Identity.Set(BotUserId, BotUserId);
        Bots = new BotAccounts(Db, Identity, Clock);
        Points = new AmbassadorPoints(Writer, config, Tiers, Bots, Clock, NullLogger<AmbassadorPoints>.Instance);
    }

    public TestDatabase Database { get; }
    public IDbConnectionFactory Db { get; }
    public ManualClock Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
    public Mock<IDiscordRestClient> Rest { get; } = new();
    public Mock<IJobScheduler> Jobs { get; } = new();
    public Dictionary<ulong, HashSet<ulong>> MemberRoles { get; } = [];
    public List<(ulong Channel, CreateMessageRequest Request)> Posted { get; } = [];
    public BotIdentity Identity { get; } = new();
    public BotAccounts Bots { get; }
    public LedgerWriter Writer { get; }
    public TierService Tiers { get; }
    public AmbassadorPoints Points { get; }

    public HashSet<ulong> RolesOf(ulong member)
    {
        lock (MemberRoles)
        {
            if (!MemberRoles.TryGetValue(member, out var roles)) MemberRoles[member] = roles = [];
            return roles;
        }
    }

    public static async Task<AmbassadorKit> CreateAsync(DatabaseProvider provider, AmbassadorSettings? settings = null)
    {
        var database = await TestDatabase.CreateMigratedAsync(provider, new MigrationSource("ambassadors", typeof(AmbassadorsFeature)));
        return new AmbassadorKit(database, settings ?? new AmbassadorSettings());
    }

    public Task<MemberTotals?> TotalsAsync(ulong member) => Writer.RunAsync(s => Ledger.MemberAsync(s, Guild, member));

    public async Task<long> BalanceAsync(ulong member) => (await TotalsAsync(member))?.Balance ?? 0;

    public async Task AssertLedgerConsistentAsync()
    {
        var problems = await LedgerAudit.FindDiscrepanciesAsync(Db);
        Assert.That(problems, Is.Empty, "balance == sum of entries for every member");
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        if (Db is IAsyncDisposable d) await d.DisposeAsync();
        await Database.DisposeAsync();
    }
}
