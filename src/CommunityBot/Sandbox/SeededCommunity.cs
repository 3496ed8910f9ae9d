using System.Text.Json.Nodes;
using CommunityBot.Interactions;
using CommunityBot.StandIn;
using Permissions = CommunityBot.Interactions.Permissions;

namespace CommunityBot.Sandbox;

/// <summary>
/// A realistic small community on the stand-in — the channels, roles and people every feature expects —
/// used by the sandbox and by the end-to-end tests, so both exercise the same server shape.
/// </summary>
public sealed class SeededCommunity
{
    public static readonly string[] ChannelNames = ["welcome", "rules", "general", "help", "ideas", "announcements", "mod-queue", "modlog", "review", "admin", "appeals", "introductions"];
    public static readonly string[] RoleNames = ["admin", "moderator", "member", "newcomer", "ambassador-bronze", "ambassador-silver", "ambassador-gold", "interest-design", "interest-dev", "interest-events"];
    /// <summary>People already in the server. Nina is a newcomer who has not joined yet.</summary>
    public static readonly string[] MemberPersonas = ["owner", "ada-admin", "max-moderator", "alice", "bob", "chloe"];
    public const string NewcomerPersona = "nina-newcomer";

    public required ulong GuildId { get; init; }
    public required IReadOnlyDictionary<string, ulong> Channels { get; init; }
    public required IReadOnlyDictionary<string, ulong> Roles { get; init; }
    /// <summary>Persona name → user id (includes the newcomer, who is not a member yet).</summary>
    public required IReadOnlyDictionary<string, ulong> People { get; init; }

    public ulong Channel(string name) => Channels[name];
    public ulong Role(string name) => Roles[name];
    public ulong Person(string name) => People[name];

    public static SeededCommunity Create(DiscordStandIn standIn, string guildName = "Sandbox Community")
    {
        var people = new Dictionary<string, ulong>();
        foreach (var persona in MemberPersonas.Append(NewcomerPersona))
            people[persona] = standIn.CreateUser(persona).Id;

        var guild = standIn.CreateGuild(guildName, people["owner"]);
        guild.SetEveryonePermissions(Permissions.ViewChannel | Permissions.SendMessages | Permissions.ReadMessageHistory | Permissions.AddReactions
                                     | Permissions.EmbedLinks | Permissions.AttachFiles | Permissions.SendMessagesInThreads | Permissions.CreatePublicThreads);

        var roles = new Dictionary<string, ulong>
        {
            ["admin"] = guild.AddRole("admin", Permissions.ManageGuild | Permissions.ModerateMembers | Permissions.KickMembers | Permissions.BanMembers
                                                | Permissions.ManageMessages | Permissions.ManageRoles, position: 9).Id,
            ["moderator"] = guild.AddRole("moderator", Permissions.ModerateMembers | Permissions.KickMembers | Permissions.BanMembers | Permissions.ManageMessages, position: 8).Id,
        };
        var position = 7;
        foreach (var name in RoleNames.Skip(2))
            roles[name] = guild.AddRole(name, 0, position: Math.Max(1, position--)).Id;

        var channels = ChannelNames.ToDictionary(name => name, name => guild.AddTextChannel(name).Id);

        guild.AddMember(people["owner"], roles["member"]);
        guild.AddMember(people["ada-admin"], roles["admin"], roles["member"]);
        guild.AddMember(people["max-moderator"], roles["moderator"], roles["member"]);
        foreach (var persona in new[] { "alice", "bob", "chloe" }) guild.AddMember(people[persona], roles["member"]);

        return new SeededCommunity { GuildId = guild.Id, Channels = channels, Roles = roles, People = people };
    }

    /// <summary>The guild's entry in community.json with the common keys set; features add their sections.</summary>
    public JsonObject GuildConfig() => new()
    {
        ["name"] = "Sandbox Community",
        ["adminChannelId"] = Channel("admin").ToString(),
        ["moderatorRoleIds"] = new JsonArray(Role("moderator").ToString()),
        ["adminRoleIds"] = new JsonArray(Role("admin").ToString()),
    };

    /// <summary>A whole community.json for this guild.</summary>
    public JsonObject ConfigFile(JsonObject guild) => new()
    {
        ["guilds"] = new JsonObject { [GuildId.ToString()] = guild },
    };
}
